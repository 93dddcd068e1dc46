using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Simulation;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>The word-count topology the simulation tests run, and the latest committed count per word of its output.</summary>
internal static class WordCounting
{
    /// <summary>words (string key, string word) -> groupBy word -> count in "word-counts" -> counts (string word, long count).</summary>
    public static Topology Topology(string input = "words", string output = "counts")
    {
        var builder = new StreamsBuilder();
        builder.Stream(input, Consumed<string, string>.With(Serdes.String!, Serdes.String!))
            .GroupBy((_, word) => word, Grouped<string, string>.With(Serdes.String!, Serdes.String!))
            .Count(Materialized<string, long>.As("word-counts"))
            .ToStream()
            .To(output, Produced<string, long>.With(Serdes.String!, Serdes.Int64));
        return builder.Build();
    }

    /// <summary>The last committed count of each word in <paramref name="output"/> (read_committed view of the cluster).</summary>
    public static Dictionary<string, long> LatestCounts(InMemoryKafkaCluster cluster, string output = "counts")
    {
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in cluster.CommittedRecords(output))
        {
            latest[Serdes.String.Deserialize(r.Key, false, default)!] = Serdes.Int64.Deserialize(r.Value, false, default);
        }

        return latest;
    }
}
