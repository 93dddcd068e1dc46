using Streams.Dsl;

namespace Streams.Tests.Dsl;

public class NamedTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("my-processor_1.v2")]
    [InlineData("KSTREAM-FILTER-0000000001")]
    public void Legal_names_are_kept(string name)
    {
        Named.As(name).Name.Should().Be(name);
    }

    [Fact]
    public void A_name_of_249_characters_is_allowed_and_250_is_not()
    {
        Named.As(new string('x', 249)).Name.Should().HaveLength(249);

        FluentActions.Invoking(() => Named.As(new string('x', 250))).Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("colon:name")]
    [InlineData("caf\u00e9")]
    [InlineData("tab\t")]
    public void Names_with_other_characters_are_rejected(string name)
    {
        FluentActions.Invoking(() => Named.As(name)).Should().Throw<ArgumentException>().WithMessage($"*'{name}'*");
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public void Dot_and_dot_dot_are_not_names_as_Kafka_Streams_Named_validate(string name)
    {
        FluentActions.Invoking(() => Named.As(name)).Should().Throw<ArgumentException>().WithMessage($"*'{name}'*");
    }

    [Fact]
    public void Empty_or_null_names_are_rejected()
    {
        FluentActions.Invoking(() => Named.As(string.Empty)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Named.As(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Names_are_compared_by_value()
    {
        Named.As("a").Should().Be(Named.As("a"));
    }
}
