using Streams.Dsl;
using Streams.Processor;
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

    [Fact]
    public void A_stream_partitioner_is_set_by_factory_or_copy_and_cleared_with_null()
    {
        var partitioner = new FixedPartitioner();

        Produced<string, int>.StreamPartitioner(partitioner).Partitioner.Should().BeSameAs(partitioner);
        var copy = Produced<string, int>.As("sink").WithStreamPartitioner(partitioner);
        copy.Should().Be(new Produced<string, int> { Name = "sink", Partitioner = partitioner });
        copy.WithStreamPartitioner(null).Partitioner.Should().BeNull();
        FluentActions.Invoking(() => Produced<string, int>.StreamPartitioner(null!)).Should().Throw<ArgumentNullException>();
    }

    private sealed class FixedPartitioner : IStreamPartitioner<string, int>
    {
        public IReadOnlySet<int>? Partitions(string topic, string key, int value, int numPartitions) => new HashSet<int> { 0 };
    }
}
