using Streams.Dsl;
using Streams.Processor;
using Streams.Serialization;

namespace Streams.Tests.Dsl;

public class ConsumedTests
{
    private static readonly TimestampExtractor<string?, long> Extractor = (_, v, _, _) => v;

    [Fact]
    public void Factories_set_one_aspect_each()
    {
        Consumed<string?, long>.With(Serdes.String, Serdes.Int64).Should().Be(new Consumed<string?, long> { KeySerde = Serdes.String, ValueSerde = Serdes.Int64 });
        Consumed<string?, long>.With(Extractor).TimestampExtractor.Should().BeSameAs(Extractor);
        Consumed<string?, long>.As("src").Name.Should().Be("src");
    }

    [Fact]
    public void With_methods_return_modified_copies()
    {
        var original = Consumed<string?, long>.As("src");

        var copy = original.WithKeySerde(Serdes.String).WithValueSerde(Serdes.Int64).WithTimestampExtractor(Extractor).WithName("other");

        copy.KeySerde.Should().BeSameAs(Serdes.String);
        copy.ValueSerde.Should().BeSameAs(Serdes.Int64);
        copy.TimestampExtractor.Should().BeSameAs(Extractor);
        copy.Name.Should().Be("other");
        original.Should().Be(Consumed<string?, long>.As("src"));
        original.KeySerde.Should().BeNull();
        original.TimestampExtractor.Should().BeNull();
    }

    [Fact]
    public void Names_are_validated()
    {
        FluentActions.Invoking(() => Consumed<string, long>.As("a b")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new Consumed<string, long>().WithName("a/b")).Should().Throw<ArgumentException>();
    }
}
