using Streams.Processor;

namespace Streams.Tests.Processor;

public class TaskIdTests
{
    [Fact]
    public void ToString_is_subtopology_underscore_partition()
    {
        new TaskId(3, 12).ToString().Should().Be("3_12");
    }

    [Theory]
    [InlineData("0_0", 0, 0)]
    [InlineData("3_12", 3, 12)]
    [InlineData("10_2147483647", 10, int.MaxValue)]
    public void Parse_reads_the_ToString_form(string text, int subtopology, int partition)
    {
        var id = TaskId.Parse(text);

        id.Should().Be(new TaskId(subtopology, partition));
        id.ToString().Should().Be(text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("_")]
    [InlineData("1_")]
    [InlineData("_1")]
    [InlineData("12")]
    [InlineData("1-2")]
    [InlineData("a_1")]
    [InlineData("1_b")]
    [InlineData("-1_2")]
    [InlineData("1_-2")]
    [InlineData(" 1_2")]
    [InlineData("1_2_3")]
    [InlineData("1_99999999999")]
    public void Parse_rejects_other_text(string text)
    {
        var act = () => TaskId.Parse(text);

        act.Should().Throw<FormatException>().WithMessage($"*'{text}'*");
    }

    [Fact]
    public void Parse_rejects_null()
    {
        var act = () => TaskId.Parse(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void CompareTo_orders_by_subtopology_then_partition()
    {
        new TaskId(0, 5).CompareTo(new TaskId(1, 0)).Should().BeNegative();
        new TaskId(1, 0).CompareTo(new TaskId(0, 5)).Should().BePositive();
        new TaskId(1, 1).CompareTo(new TaskId(1, 2)).Should().BeNegative();
        new TaskId(1, 2).CompareTo(new TaskId(1, 2)).Should().Be(0);

        var sorted = new[] { new TaskId(1, 0), new TaskId(0, 10), new TaskId(0, 2), new TaskId(1, -1) }.Order().ToList();

        sorted.Should().Equal(new TaskId(0, 2), new TaskId(0, 10), new TaskId(1, -1), new TaskId(1, 0));
    }
}
