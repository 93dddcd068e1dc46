using Confluent.Kafka;
using Streams.Runtime.Internal;

namespace Streams.Tests.Runtime.Internal;

public class ProgressTotalsTests
{
    [Fact]
    public void Counters_are_summed_and_partitions_concatenated()
    {
        var a = new StreamsProgress(10, 1, 7, 2, [new PartitionProgress(new TopicPartition("in", 0), 5, 9)]);
        var b = new StreamsProgress(20, 0, 3, 4, [new PartitionProgress(new TopicPartition("in", 1), 6, 8), new PartitionProgress(new TopicPartition("in", 2), 1, 1)]);

        var sum = ProgressTotals.Sum([a, b]);

        sum.RecordsProcessed.Should().Be(30);
        sum.RecordsSkipped.Should().Be(1);
        sum.RecordsProduced.Should().Be(10);
        sum.Commits.Should().Be(6);
        sum.Partitions.Select(p => p.Partition.Partition.Value).Should().Equal(0, 1, 2);
        sum.Lag.Should().Be(4 + 2 + 0);
    }

    [Fact]
    public void A_stopped_thread_leaves_its_counters_but_not_its_partitions()
    {
        var stopped = ProgressTotals.Counters(new StreamsProgress(5, 1, 2, 3, [new PartitionProgress(new TopicPartition("in", 0), 5, 9)]));

        stopped.Should().BeEquivalentTo(new StreamsProgress(5, 1, 2, 3, []));
        ProgressTotals.Sum([]).Should().BeEquivalentTo(StreamsProgress.Empty);
    }
}
