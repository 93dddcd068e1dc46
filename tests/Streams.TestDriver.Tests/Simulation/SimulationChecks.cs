using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;
using Streams.Serialization;
using Streams.Queries;
using Streams.TestDriver.Simulation;
using Streams.TestDriver.Tests.Simulation.Workloads;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>
/// The checks both simulations (<see cref="SeededSimulation"/>, <see cref="DeterministicSimulation"/>) share: the
/// checker over the whole history of a word-count run, how far a workload's input is committed, one read of a workload's
/// store through interactive queries, and the history hash that tells two runs apart.
/// </summary>
internal static class SimulationChecks
{
    /// <summary>
    /// The checker over the full history. Output: the latest committed count of each word against its count in the input
    /// (below: a loss; above: records counted twice); under exactly-once every word's committed counts rise strictly (an
    /// output produced twice would repeat or go back) and none is lost or duplicated. State: the changelog's latest
    /// committed value of each word (what a restore rebuilds) equals its output.
    /// </summary>
    internal static (long Losses, long Duplicates) CheckWordCounts(InMemoryKafkaCluster cluster, ProcessingGuarantee guarantee, Dictionary<string, long> expected, List<string> violations, string output = "counts")
    {
        var latest = Latest(cluster, output);
        long losses = 0, duplicates = 0;
        foreach (var (word, count) in expected)
        {
            var got = latest.GetValueOrDefault(word);
            losses += Math.Max(0, count - got);
            duplicates += Math.Max(0, got - count);
        }

        if (losses > 0)
        {
            violations.Add($"lost: {losses} input records not counted ({Describe(expected, latest)})");
        }

        if (guarantee == ProcessingGuarantee.ExactlyOnceV2)
        {
            if (duplicates > 0)
            {
                violations.Add($"exactly-once counted {duplicates} input records twice ({Describe(expected, latest)})");
            }

            var last = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var r in cluster.CommittedRecords(output))
            {
                var word = Serdes.String.Deserialize(r.Key, false, default)!;
                var value = Serdes.Int64.Deserialize(r.Value, false, default);
                if (last.TryGetValue(word, out var previous) && value <= previous)
                {
                    violations.Add($"exactly-once: {word}'s committed counts go {previous} then {value} ({r.TopicPartition}@{r.Offset})");
                }

                last[word] = value;
            }
        }

        var changelog = cluster.Topics.SingleOrDefault(t => t.EndsWith("-word-counts-changelog", StringComparison.Ordinal));
        if (changelog is null)
        {
            violations.Add("no changelog topic");
        }
        else
        {
            var state = Latest(cluster, changelog);
            foreach (var (word, count) in latest)
            {
                if (state.GetValueOrDefault(word) != count)
                {
                    violations.Add($"the changelog restores {word}={state.GetValueOrDefault(word)} but its output is {count}");
                }
            }
        }

        return (losses, duplicates);
    }

    private static string Describe(Dictionary<string, long> expected, Dictionary<string, long> latest) =>
        string.Join(", ", expected.OrderBy(kv => kv.Key, StringComparer.Ordinal).Where(kv => latest.GetValueOrDefault(kv.Key) != kv.Value).Select(kv => $"{kv.Key}: {latest.GetValueOrDefault(kv.Key)} of {kv.Value}"));

    /// <summary>A SHA-256 of every record of every topic (partition, offset, key, value, transaction fate) and the group's committed offsets.</summary>
    internal static string HistoryHash(InMemoryKafkaCluster cluster, string groupId)
    {
        var text = new StringBuilder();
        foreach (var topic in cluster.Topics)
        {
            for (var p = 0; p < cluster.PartitionCount(topic); p++)
            {
                var tp = new TopicPartition(topic, p);
                foreach (var r in cluster.Records(tp))
                {
                    text.Append(topic).Append('/').Append(p).Append('@').Append(r.Offset).Append(' ')
                        .Append(r.Key is null ? "-" : Convert.ToHexString(r.Key)).Append('=')
                        .Append(r.Value is null ? "-" : Convert.ToHexString(r.Value)).Append(' ').Append(r.Transaction).Append('\n');
                }

                text.Append("committed ").Append(topic).Append('/').Append(p).Append('=').Append(cluster.CommittedOffset(groupId, tp)).Append('\n');
            }
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The latest committed value of each key of <paramref name="topic"/> (a timestamped changelog's value is its last 8 bytes).</summary>
    internal static Dictionary<string, long> Latest(InMemoryKafkaCluster cluster, string topic)
    {
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in cluster.CommittedRecords(topic))
        {
            if (r.Value is not null)
            {
                // A changelog of a timestamped store holds the timestamp (8 bytes) before the value: the value is the last 8 bytes.
                latest[Serdes.String.Deserialize(r.Key, false, default)!] = Serdes.Int64.Deserialize(r.Value.AsSpan(r.Value.Length - 8), false, default);
            }
        }

        return latest;
    }

    /// <summary>
    /// The latest committed value of each (string key, window start in ms) of a window store's changelog
    /// <paramref name="topic"/> (a tombstone removes its window). The changelog key is the key's UTF-8 bytes followed by
    /// the window start as 8 big-endian bytes with the sign bit flipped (the store's key layout); <paramref name="value"/>
    /// reads a value.
    /// </summary>
    internal static Dictionary<(string Key, long Start), T> LatestWindows<T>(InMemoryKafkaCluster cluster, string topic, Func<byte[], T> value)
    {
        var state = new Dictionary<(string, long), T>();
        foreach (var r in cluster.CommittedRecords(topic))
        {
            var key = r.Key!;
            var start = unchecked((long)(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(key.Length - 8)) ^ 0x8000_0000_0000_0000UL));
            var window = (Serdes.String.Deserialize(key.AsSpan(0, key.Length - 8), false, default)!, start);
            if (r.Value is null)
            {
                state.Remove(window);
            }
            else
            {
                state[window] = value(r.Value);
            }
        }

        return state;
    }

    /// <summary>The committed offsets of the group over every partition of the workload's source topics.</summary>
    internal static long CommittedInput(InMemoryKafkaCluster cluster, ISimulationWorkload workload, string applicationId) =>
        workload.SourceTopics.Sum(t => Enumerable.Range(0, cluster.PartitionCount(t) ?? 0).Sum(p => cluster.CommittedOffset(applicationId, new TopicPartition(t, p)) ?? 0));

    /// <summary>The end offsets of every partition of the workload's source topics (the input ever written to them).</summary>
    internal static long SourceEnd(InMemoryKafkaCluster cluster, ISimulationWorkload workload) =>
        workload.SourceTopics.Sum(t => Enumerable.Range(0, cluster.PartitionCount(t) ?? 0).Sum(p => cluster.Watermarks(new TopicPartition(t, p)).High.Value));

    /// <summary>
    /// Whether the application has processed and committed all input: every source partition's committed offset at its end
    /// and the committed output holding what the reference expects (<see cref="ISimulationWorkload.CaughtUp"/>).
    /// </summary>
    internal static bool CaughtUp(InMemoryKafkaCluster cluster, ISimulationWorkload workload, string applicationId) =>
        workload.CaughtUp(cluster) && CommittedInput(cluster, workload, applicationId) >= SourceEnd(cluster, workload);

    /// <summary>
    /// One read of the workload's store through <paramref name="app"/>'s interactive queries, compared with the reference
    /// (<see cref="ISimulationWorkload.CheckStore"/>): true when it could be read and equals it. Otherwise
    /// <paramref name="found"/> (cleared first) holds the differences or why it could not be read, and the caller reads
    /// again later (the instance may still be restoring or rebalancing) or reports them once its bound is spent.
    /// </summary>
    internal static bool TryCheckStore(ISimulationWorkload workload, ProcessingGuarantee guarantee, StreamsApplication app, string when, List<string> found)
    {
        found.Clear();
        try
        {
            return workload.CheckStore(app, when, guarantee, found) && found.Count == 0;
        }
        catch (Exception e) when (e is InvalidStateStoreException or StreamsException)
        {
            found.Add($"{when}: the store cannot be read: {e.GetType().Name}: {e.Message}");
            return false;
        }
    }
}
