using FlightDelays;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.Stream;
using Streamiz.Kafka.Net.Table;

namespace Streams.Benchmarks.Peer;

/// <summary>The peer benchmark's flight topology (see <see cref="PeerContract"/>) in Streamiz's DSL.</summary>
internal static class StreamizFlightTopology
{
    /// <summary>Builds the topology reading <paramref name="inputTopic"/> and writing <paramref name="outputTopic"/>.</summary>
    public static Topology Build(string inputTopic, string outputTopic, bool rocksDb, bool cache, ProgressProbe probe)
    {
        var materialized = rocksDb
            ? RocksDbWindows.As<string, DelayStats, StringSerDes, DelayStatsSerDes>(PeerContract.StoreName, null, PeerContract.WindowSize)
            : InMemoryWindows.As<string, DelayStats, StringSerDes, DelayStatsSerDes>(PeerContract.StoreName, PeerContract.WindowSize);
        materialized = materialized.WithRetention(PeerContract.Retention);
        materialized = cache ? materialized.WithCachingEnabled(CacheSize.OfB((int)PeerContract.CacheBytes)) : materialized.WithCachingDisabled();

        var builder = new StreamBuilder();
        builder.Stream<string, string, StringSerDes, StringSerDes>(inputTopic)
            .MapValues<Flight?>((line, _) =>
            {
                probe.Parsed();
                return PeerContract.Parse(line);
            })
            .Filter((_, flight, _) => flight is not null)
            .GroupByKey()
            .WindowedBy(TumblingWindowOptions.Of(PeerContract.WindowSize, PeerContract.Grace))
            .Aggregate(() => DelayStats.Empty, (_, flight, stats) => stats.Add(flight!), materialized)
            .ToStream()
            .Map((window, stats, _) => KeyValuePair.Create(PeerContract.OutputKey(window.Key, window.Window.StartMs), stats.ToBytes()))
            .To<StringSerDes, ByteArraySerDes>(outputTopic);
        return builder.Build();
    }
}
