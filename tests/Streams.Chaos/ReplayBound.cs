using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;

namespace Streams.Chaos;

/// <summary>
/// The bound on duplicates under at-least-once: a record is processed twice only when its input partition moves (a kill,
/// a member joining or leaving) after the record was processed and before its offset was committed, so each event can
/// duplicate at most the records processed but uncommitted at that moment. At every event this takes snapshots of the
/// application group's committed input offsets and of the output topic's end offsets (right after the event, and again
/// once the live workers run again after the rebalance); after the run, the records of the copy stream written before a
/// snapshot whose input offset is at or past the committed offset of their input partition are that event's uncommitted
/// records. The larger of the two snapshots counts (an upper bound: the second may include a few records the new owner
/// already reprocessed). Duplicates beyond the sum of all events' bounds would be a finding.
/// </summary>
internal sealed class ReplayBound(string bootstrap, string applicationId, int partitions, int records)
{
    private readonly (int Partition, long Offset)[] _inputOf = Enumerable.Repeat((-1, -1L), records).ToArray();
    private readonly List<Snapshot> _snapshots = [];

    /// <summary>Remembers where input record <paramref name="seq"/> was written (from the producer's delivery report).</summary>
    public void Delivered(int seq, TopicPartitionOffset where)
    {
        if (seq >= 0 && seq < _inputOf.Length)
        {
            _inputOf[seq] = (where.Partition.Value, where.Offset.Value);
        }
    }

    /// <summary>Takes a snapshot for event <paramref name="eventNumber"/> (committed input offsets, output end offsets).</summary>
    public void Snap(int eventNumber, string what)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = applicationId, // OffsetFetch only: this consumer never subscribes, so it never joins the group
            EnableAutoCommit = false,
        }).Build();
        var inputs = Enumerable.Range(0, partitions).Select(p => new TopicPartition(ChaosTopology.InputTopic, p)).ToList();
        var committed = consumer.Committed(inputs, TimeSpan.FromSeconds(30)).ToDictionary(c => c.Partition.Value, c => Math.Max(0, c.Offset.Value));
        var ends = Enumerable.Range(0, partitions)
            .ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(ChaosTopology.OutputTopic, p), TimeSpan.FromSeconds(30)).High.Value);
        Add(eventNumber, what, committed, ends);
    }

    /// <summary>Records a snapshot: the group's committed offset per input partition and the output's end offset per output partition.</summary>
    internal void Add(int eventNumber, string what, Dictionary<int, long> committed, Dictionary<int, long> outputEnds)
    {
        lock (_snapshots)
        {
            _snapshots.Add(new Snapshot(eventNumber, what, committed, outputEnds));
        }
    }

    /// <summary>Waits (bounded) until every live worker reports Running after an event, then takes the second snapshot.</summary>
    public async Task SnapAfterRebalanceAsync(int eventNumber, Func<IEnumerable<WorkerProcess>> workers, TimeSpan timeout)
    {
        var started = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false); // the rebalance starts with a state change
        while (started.Elapsed < timeout && !workers().All(w => w.State == nameof(StreamsState.Running)))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
        }

        Snap(eventNumber, "after rebalance");
    }

    /// <summary>Per event, the records processed but uncommitted at it; <paramref name="output"/> is the copy stream with positions.</summary>
    public IReadOnlyList<(int Event, long Uncommitted)> Bounds(IReadOnlyList<(int Partition, long Offset, int Seq)> output)
    {
        var result = new List<(int, long)>();
        List<Snapshot> snapshots;
        lock (_snapshots)
        {
            snapshots = [.. _snapshots];
        }

        foreach (var group in snapshots.GroupBy(s => s.Event).OrderBy(g => g.Key))
        {
            long max = 0;
            foreach (var snapshot in group)
            {
                long uncommitted = 0;
                foreach (var (partition, offset, seq) in output)
                {
                    if (offset < snapshot.OutputEnds.GetValueOrDefault(partition) && seq >= 0 && seq < _inputOf.Length
                        && _inputOf[seq] is { Partition: >= 0 } input && input.Offset >= snapshot.Committed.GetValueOrDefault(input.Partition))
                    {
                        uncommitted++;
                    }
                }

                max = Math.Max(max, uncommitted);
            }

            result.Add((group.Key, max));
        }

        return result;
    }

    /// <summary>Reads the copy stream (read_committed) with each record's output partition and offset.</summary>
    public List<(int Partition, long Offset, int Seq)> ReadOutput()
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "chaos-checker-bound",
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
        }).Build();
        var records = new List<(int, long, int)>();
        for (var p = 0; p < partitions; p++)
        {
            var tp = new TopicPartition(ChaosTopology.OutputTopic, p);
            var end = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(30)).High.Value;
            if (end == 0)
            {
                continue;
            }

            consumer.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
                if (result?.Message is null)
                {
                    if (consumer.Position(tp).Value >= end)
                    {
                        break;
                    }

                    continue;
                }

                records.Add((p, result.Offset.Value, int.Parse(result.Message.Value, CultureInfo.InvariantCulture)));
                if (result.Offset.Value + 1 >= end)
                {
                    break;
                }
            }
        }

        return records;
    }

    private sealed record Snapshot(int Event, string What, Dictionary<int, long> Committed, Dictionary<int, long> OutputEnds);
}
