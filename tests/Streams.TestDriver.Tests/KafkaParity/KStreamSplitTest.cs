using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamSplitTest.java</c>, through the driver.</summary>
public class KStreamSplitTest
{
    private readonly StreamsBuilder _builder = new();
    private readonly IKStream<int, string?> _source;

    public KStreamSplitTest() => _source = _builder.Stream("topic", Consumed<int, string?>.With(Serdes.Int32, Serdes.String));

    private static bool IsEven(int key, string? _) => key % 2 == 0;

    private static bool IsMultipleOfThree(int key, string? _) => key % 3 == 0;

    private static bool IsMultipleOfFive(int key, string? _) => key % 5 == 0;

    private static bool IsMultipleOfSeven(int key, string? _) => key % 7 == 0;

    private static bool IsNegative(int key, string? _) => key < 0;

    private TopologyTestDriver Driver()
    {
        var driver = new TopologyTestDriver(_builder.Build());
        var input = driver.CreateInputTopic("topic", Serdes.Int32, Serdes.String);
        foreach (var key in new[] { -1, 0, 1, 2, 3, 4, 5, 6, 7 })
        {
            input.PipeInput(key, "V" + key);
        }

        return driver;
    }

    private static IReadOnlyList<string?> Values(TopologyTestDriver driver, string topic) =>
        driver.CreateOutputTopic(topic, Serdes.Int32, Serdes.String).ReadValuesToList();

    // KStreamSplitTest#testKStreamSplit: each record goes to the first matching branch; consumers leave the map empty.
    [Fact]
    public void TestKStreamSplit()
    {
        var branches = _source.Split()
            .Branch(IsEven, Branched<int, string?>.WithConsumer(ks => ks.To("x2")))
            .Branch(IsMultipleOfThree, Branched<int, string?>.WithConsumer(ks => ks.To("x3")))
            .Branch(IsMultipleOfFive, Branched<int, string?>.WithConsumer(ks => ks.To("x5")))
            .NoDefaultBranch();

        branches.Should().BeEmpty();
        using var driver = Driver();
        Values(driver, "x2").Should().Equal("V0", "V2", "V4", "V6");
        Values(driver, "x3").Should().Equal("V3");
        Values(driver, "x5").Should().Equal("V5");
    }

    // KStreamSplitTest#testResultingMap: named, positional and default entries; none for a consumer or a function returning null.
    [Fact]
    public void TestResultingMap()
    {
        var branches = _source.Split(Named.As("foo-"))
            .Branch(IsEven, Branched<int, string?>.As("bar"))
            .Branch(IsMultipleOfThree, Branched<int, string?>.WithConsumer(_ => { }))
            .Branch(IsMultipleOfFive, Branched<int, string?>.WithFunction(_ => null))
            .Branch(IsNegative, Branched<int, string?>.WithFunction(ks => ks))
            .Branch(IsMultipleOfSeven)
            .DefaultBranch();

        branches.Should().HaveCount(4);
        foreach (var (name, stream) in branches)
        {
            stream.To(name);
        }

        using var driver = Driver();
        Values(driver, "foo-bar").Should().Equal("V0", "V2", "V4", "V6");
        Values(driver, "foo-4").Should().Equal("V-1");
        Values(driver, "foo-5").Should().Equal("V7");
        Values(driver, "foo-0").Should().Equal("V1");
    }

    // KStreamSplitTest#testBranchingWithNoTerminalOperation: branches work without DefaultBranch/NoDefaultBranch.
    [Fact]
    public void TestBranchingWithNoTerminalOperation()
    {
        _source.Split()
            .Branch(IsEven, Branched<int, string?>.WithConsumer(ks => ks.To("output")))
            .Branch(IsMultipleOfFive, Branched<int, string?>.WithConsumer(ks => ks.To("output")));

        using var driver = Driver();
        Values(driver, "output").Should().Equal("V0", "V2", "V4", "V5", "V6");
    }
}
