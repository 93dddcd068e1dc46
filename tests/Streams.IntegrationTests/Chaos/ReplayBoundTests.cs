using Confluent.Kafka;
using Streams.Chaos;

namespace Streams.IntegrationTests.Chaos;

public sealed class ReplayBoundTests
{
    [Fact]
    public void An_events_bound_counts_the_output_written_before_it_whose_input_is_at_or_past_the_committed_offset()
    {
        var bound = new ReplayBound("unused:9092", "app", partitions: 2, records: 6);
        // Input: seq 0-2 on partition 0 at offsets 0-2, seq 3-5 on partition 1 at offsets 0-2.
        for (var seq = 0; seq < 6; seq++)
        {
            bound.Delivered(seq, new TopicPartitionOffset(ChaosTopology.InputTopic, seq / 3, seq % 3));
        }

        // Output (partition, offset, seq): everything once, then seq 1 and 2 again after a replay.
        var output = new List<(int, long, int)> { (0, 0, 0), (0, 1, 1), (0, 2, 2), (1, 0, 3), (1, 1, 4), (0, 3, 1), (0, 4, 2), (1, 2, 5) };

        // Event 1: partition 0 committed up to offset 1 (seq 0 done), partition 1 up to 2; output ends 3 and 2.
        bound.Add(1, "kill", new() { [0] = 1, [1] = 2 }, new() { [0] = 3, [1] = 2 });
        // A second snapshot of event 1, later: also counts what the new owner wrote again (an upper bound); the larger counts.
        bound.Add(1, "after rebalance", new() { [0] = 1, [1] = 2 }, new() { [0] = 5, [1] = 2 });
        // Event 2: everything committed.
        bound.Add(2, "scale", new() { [0] = 3, [1] = 3 }, new() { [0] = 5, [1] = 3 });

        var bounds = bound.Bounds(output);

        bounds.Should().Equal((1, 4L), (2, 0L));
    }
}
