using System.Diagnostics.Metrics;
using System.Globalization;

namespace Streams.AspNetCore;

/// <summary>
/// One instrument and tag set of <see cref="StreamsMetricsCollector.Snapshot"/>, as served by
/// <see cref="StreamsMetricsEndpointRouteBuilderExtensions.MapStreamsMetrics"/>.
/// </summary>
/// <param name="Meter">The meter name (<c>Streams</c> or <c>Streams.RocksDb</c>).</param>
/// <param name="Name">The instrument name, e.g. <c>streams.task.records.processed</c> (docs/telemetry.md).</param>
/// <param name="Kind"><c>counter</c> (sum since the collector started), <c>histogram</c> (count, sum, max since it started) or <c>gauge</c> (the value observed when the snapshot was taken; also observable counters, whose value is their running total).</param>
/// <param name="Unit">The instrument's unit (<c>s</c>, <c>By</c>, <c>{record}</c>...), or null.</param>
/// <param name="Tags">The measurement's tags (task, store, topic, partition...), ordinal by key.</param>
/// <param name="Value">Counter sum or gauge value; for histograms the sum of the recorded values.</param>
/// <param name="Count">Number of recorded values (histograms and counters), or null for gauges.</param>
/// <param name="Max">Largest recorded value (histograms only), else null.</param>
public sealed record StreamsMetricValue(
    string Meter, string Name, string Kind, string? Unit, IReadOnlyDictionary<string, string?> Tags, double Value, long? Count, double? Max);
