using Streams.Dsl;
using Streams.Serialization;

namespace Streams.Tests.Dsl;

public class GroupedTests
{
    [Fact]
    public void Factories_set_serdes_or_name()
    {
        Grouped<string?, double>.With(Serdes.String, Serdes.Double).Should().Be(new Grouped<string?, double> { KeySerde = Serdes.String, ValueSerde = Serdes.Double });
        Grouped<string?, double>.As("by-user").Name.Should().Be("by-user");
    }

    [Fact]
    public void With_methods_return_modified_copies()
    {
        var original = Grouped<string?, double>.As("by-user");

        var copy = original.WithKeySerde(Serdes.String).WithValueSerde(Serdes.Double);

        copy.Should().Be(new Grouped<string?, double> { KeySerde = Serdes.String, ValueSerde = Serdes.Double, Name = "by-user" });
        original.KeySerde.Should().BeNull();
        original.ValueSerde.Should().BeNull();
    }

    [Fact]
    public void Names_are_validated_because_they_name_repartition_topics()
    {
        FluentActions.Invoking(() => Grouped<string, double>.As("by user")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Grouped<string, double>.As(new string('g', 250))).Should().Throw<ArgumentException>();
    }
}
