using Confluent.Kafka;
using Streams.Processor.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.Processor.Internal;

public class PartitionGroupTests
{
    private static readonly TopicPartition A0 = new("a", 0);
    private static readonly TopicPartition A1 = new("a", 1);
    private static readonly TopicPartition B0 = new("b", 0);

    [Fact]
    public void Next_picks_the_partition_whose_head_has_the_smallest_timestamp()
    {
        var group = new PartitionGroup();
        group.Add(A0, Stamped(A0, 0, 30));
        group.Add(A0, Stamped(A0, 1, 40));
        group.Add(B0, Stamped(B0, 0, 10));
        group.Add(B0, Stamped(B0, 1, 35));
        group.Add(A1, Stamped(A1, 0, 20));

        var order = Drain(group).Select(r => (r.Topic, r.Partition, r.Timestamp)).ToList();

        order.Should().Equal(("b", 0, 10L), ("a", 1, 20L), ("a", 0, 30L), ("b", 0, 35L), ("a", 0, 40L));
    }

    [Fact]
    public void Records_of_one_partition_come_out_in_arrival_order_even_when_timestamps_go_back()
    {
        var group = new PartitionGroup();
        group.Add(A0, Stamped(A0, 0, 10));
        group.Add(A0, Stamped(A0, 1, 1));
        group.Add(B0, Stamped(B0, 0, 5));

        var order = Drain(group).Select(r => (r.Topic, r.Offset)).ToList();

        order.Should().Equal(("b", 0L), ("a", 0L), ("a", 1L));
    }

    [Fact]
    public void Next_returns_null_when_nothing_is_buffered()
    {
        var group = new PartitionGroup();
        group.AddPartition(A0);

        group.Next().Should().BeNull();
        group.Buffered.Should().Be(0);
    }

    [Fact]
    public void Partition_time_is_the_largest_timestamp_added_and_never_goes_back()
    {
        var group = new PartitionGroup();
        group.PartitionTime(A0).Should().Be(-1);

        group.Add(A0, Stamped(A0, 0, 50));
        group.Add(A0, Stamped(A0, 1, 20));
        group.Add(B0, Stamped(B0, 0, 5));

        group.PartitionTime(A0).Should().Be(50);
        group.PartitionTime(B0).Should().Be(5);
        group.PartitionTime(A1).Should().Be(-1);

        Drain(group);
        group.PartitionTime(A0).Should().Be(50, "partition time survives dequeuing");
    }

    [Fact]
    public void Buffered_counts_are_kept_in_total_and_per_partition()
    {
        var group = new PartitionGroup();
        group.Add(A0, Stamped(A0, 0, 1));
        group.Add(A0, Stamped(A0, 1, 2));
        group.Add(B0, Stamped(B0, 0, 3));

        group.Buffered.Should().Be(3);
        group.BufferedFor(A0).Should().Be(2);
        group.BufferedFor(B0).Should().Be(1);
        group.BufferedFor(A1).Should().Be(0);

        group.Next();

        group.Buffered.Should().Be(2);
        group.BufferedFor(A0).Should().Be(1);
    }

    [Fact]
    public void Partitions_lists_registered_partitions_even_when_empty()
    {
        var group = new PartitionGroup();
        group.AddPartition(A0);
        group.AddPartition(A0);
        group.Add(B0, Stamped(B0, 0, 1));

        group.Partitions.Should().BeEquivalentTo([A0, B0]);
    }

    [Fact]
    public void Clear_drops_buffered_records_but_keeps_partitions()
    {
        var group = new PartitionGroup();
        group.Add(A0, Stamped(A0, 0, 1));
        group.Add(B0, Stamped(B0, 0, 2));

        group.Clear();

        group.Buffered.Should().Be(0);
        group.BufferedFor(A0).Should().Be(0);
        group.Next().Should().BeNull();
        group.Partitions.Should().BeEquivalentTo([A0, B0]);
    }

    private static StampedRecord Stamped(TopicPartition tp, long offset, long timestamp) =>
        new("k", "v", timestamp, RawRecords.Utf8(tp.Topic, tp.Partition.Value, offset, timestamp, "k", "v"));

    private static List<StampedRecord> Drain(PartitionGroup group)
    {
        var result = new List<StampedRecord>();
        while (group.Next() is { } r)
        {
            result.Add(r);
        }

        return result;
    }
}
