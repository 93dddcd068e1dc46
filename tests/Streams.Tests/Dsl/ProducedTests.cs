using Streams.Dsl;
using Streams.Serialization;

namespace Streams.Tests.Dsl;

public class ProducedTests
{
    [Fact]
    public void Factories_set_serdes_or_name()
    {
        Produced<string?, int>.With(Serdes.String, Serdes.Int32).Should().Be(new Produced<string?, int> { KeySerde = Serdes.String, ValueSerde = Serdes.Int32 });
        Produced<string?, int>.As("sink").Should().Be(new Produced<string?, int> { Name = "sink" });
    }

    [Fact]
    public void With_methods_return_modified_copies()
    {
        var original = Produced<string?, int>.As("sink");

        var copy = original.WithKeySerde(Serdes.String).WithValueSerde(Serdes.Int32);

        copy.Should().Be(new Produced<string?, int> { KeySerde = Serdes.String, ValueSerde = Serdes.Int32, Name = "sink" });
        original.KeySerde.Should().BeNull();
        original.ValueSerde.Should().BeNull();
    }

    [Fact]
    public void Names_are_validated()
    {
        FluentActions.Invoking(() => Produced<string, int>.As(string.Empty)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Produced<string, int>.As("a b")).Should().Throw<ArgumentException>();
    }
}
