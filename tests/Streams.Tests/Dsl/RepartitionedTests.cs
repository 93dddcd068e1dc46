using Streams.Dsl;
using Streams.Processor;
using Streams.Serialization;

namespace Streams.Tests.Dsl;

public class RepartitionedTests
{
    [Fact]
    public void Factories_set_name_serdes_partitions_and_partitioner()
    {
        var partitioner = new FirstPartition();

        Repartitioned<string?, int>.As("r").Should().Be(new Repartitioned<string?, int> { Name = "r" });
        Repartitioned<string?, int>.With(Serdes.String, Serdes.Int32).Should().Be(new Repartitioned<string?, int> { KeySerde = Serdes.String, ValueSerde = Serdes.Int32 });
        Repartitioned<string?, int>.StreamPartitioner(partitioner).Should().Be(new Repartitioned<string?, int> { Partitioner = partitioner });
        Repartitioned<string?, int>.As("r").WithNumberOfPartitions(3).WithStreamPartitioner(partitioner)
            .Should().Be(new Repartitioned<string?, int> { Name = "r", NumberOfPartitions = 3, Partitioner = partitioner });
    }

    [Fact]
    public void Arguments_are_validated()
    {
        FluentActions.Invoking(() => Repartitioned<string, int>.As("a b")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Repartitioned<string, int>.StreamPartitioner(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new Repartitioned<string, int>().WithNumberOfPartitions(0)).Should().Throw<ArgumentOutOfRangeException>();
    }

    private sealed class FirstPartition : IStreamPartitioner<string?, int>
    {
        public IReadOnlySet<int>? Partitions(string topic, string? key, int value, int numPartitions) => new HashSet<int> { 0 };
    }
}
