using System.Diagnostics.Metrics;

namespace Streams.Internal;

/// <summary>
/// The library's instruments on the <c>Streams</c> meter (System.Diagnostics.Metrics). Names follow
/// OpenTelemetry style; the Kafka Streams metric each corresponds to is given per instrument.
/// </summary>
internal static partial class StreamsMetrics
{
    public const string MeterName = StreamsTelemetry.MeterName;

    public static readonly Meter Meter = new(MeterName, "0.1.0");

    /// <summary>Records processed by tasks (Kafka Streams: process-total).</summary>
    public static readonly Counter<long> RecordsProcessed = Meter.CreateCounter<long>("streams.task.records.processed", "{record}");

    /// <summary>Records dropped: late for a window, null key where one is required, or skipped by a handler (Kafka Streams: dropped-records-total).</summary>
    public static readonly Counter<long> RecordsDropped = Meter.CreateCounter<long>("streams.task.records.dropped", "{record}");

    /// <summary>Record cache entries evicted because the cache was over budget (Kafka Streams: cache evictions, hit-ratio family).</summary>
    public static readonly Counter<long> CacheEvictions = Meter.CreateCounter<long>("streams.cache.evictions", "{entry}");

    /// <summary>Commits (Kafka Streams: commit-total).</summary>
    public static readonly Counter<long> Commits = Meter.CreateCounter<long>("streams.thread.commits", "{commit}");
}
