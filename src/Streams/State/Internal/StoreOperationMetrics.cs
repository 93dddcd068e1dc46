using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Streams.Internal;
using Streams.Processor;

namespace Streams.State.Internal;

/// <summary>
/// A state store operation, as the operations Kafka Streams' state store metrics are named after
/// (<c>put-latency-avg</c>, <c>fetch-rate</c>, ...). <see cref="StoreOperationMetrics.OperationTag"/> gives the tag value.
/// </summary>
internal enum StoreOperation
{
    /// <summary><c>put</c>: a write (a null value included), window and session puts too.</summary>
    Put,

    /// <summary><c>get</c>: a point read of a key-value or versioned store.</summary>
    Get,

    /// <summary><c>delete</c>: a key-value or versioned delete.</summary>
    Delete,

    /// <summary><c>range</c>: a key-value range or reverse range, timed from the call to the iterator's disposal.</summary>
    Range,

    /// <summary><c>all</c>: a key-value all or reverse all, timed from the call to the iterator's disposal.</summary>
    All,

    /// <summary><c>prefix-scan</c>: a key-value prefix scan, timed from the call to the iterator's disposal.</summary>
    PrefixScan,

    /// <summary><c>fetch</c>: any window or session read; iterators are timed from the call to their disposal.</summary>
    Fetch,

    /// <summary><c>remove</c>: a session removal.</summary>
    Remove,

    /// <summary><c>flush</c>: a flush of the store (and the layers below it).</summary>
    Flush,
}

/// <summary>
/// The operation durations of one state store instance on the histogram <c>streams.store.operation.duration</c>
/// (seconds; tags <c>store</c>, <c>task</c>, <c>operation</c>), as Kafka Streams' state store metrics
/// <c>{operation}-latency-avg/max</c>, <c>{operation}-rate</c> and <c>{operation}-total</c> (the rate and the total
/// are the histogram's count). Like Kafka Streams' <c>maybeMeasureLatency</c>, an operation that throws is timed too.
/// </summary>
/// <remarks>
/// A Metered store calls <see cref="Measure"/> at the start of an operation and disposes the returned timer at its
/// end (<c>using var _ = _metrics.Measure(...)</c>). Nothing listening: one branch on <see cref="Instrument.Enabled"/>,
/// no clock read. Listening: two <see cref="Stopwatch"/> reads and the histogram update, with tag arrays built once
/// per store instance in <see cref="Init"/>, so a measured operation allocates nothing.
/// </remarks>
internal sealed class StoreOperationMetrics(string storeName)
{
    /// <summary>The histogram of every store operation, seconds.</summary>
    internal static readonly Histogram<double> Duration = StreamsMetrics.Meter.CreateHistogram<double>(
        "streams.store.operation.duration",
        "s",
        "Duration of one state store operation, tagged by store, task and operation (Kafka Streams: {operation}-latency-avg/max, {operation}-rate).");

    private static readonly StoreOperation[] Operations = Enum.GetValues<StoreOperation>();

    private KeyValuePair<string, object?>[][]? _tags;

    /// <summary>Builds the tag arrays once the owning task is known (global stores: task <c>-1_-1</c>); before, nothing is recorded.</summary>
    /// <param name="taskId">The task that owns the store.</param>
    public void Init(TaskId taskId)
    {
        var task = taskId.ToString();
        _tags = [.. Operations.Select(op => new KeyValuePair<string, object?>[] { new("store", storeName), new("task", task), new("operation", OperationTag(op)) })];
    }

    /// <summary>The value of the <c>operation</c> tag: Kafka Streams' metric prefix (<c>put</c>, <c>prefix-scan</c>, ...).</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>The tag value.</returns>
    public static string OperationTag(StoreOperation operation) => operation switch
    {
        StoreOperation.PrefixScan => "prefix-scan",
        _ => operation.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    /// <summary>Starts timing <paramref name="operation"/>; a no-op timer when nothing listens to the histogram.</summary>
    /// <param name="operation">The operation about to run.</param>
    /// <returns>The timer to dispose when the operation ends.</returns>
    public StoreOperationTimer Measure(StoreOperation operation) =>
        Duration.Enabled && _tags is not null ? new StoreOperationTimer(this, operation, Stopwatch.GetTimestamp()) : default;

    /// <summary>Records the duration of <paramref name="operation"/> started at <paramref name="startTimestamp"/>.</summary>
    internal void Record(StoreOperation operation, long startTimestamp) =>
        Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, _tags![(int)operation]);
}

/// <summary>Times one store operation from <see cref="StoreOperationMetrics.Measure"/> to <see cref="Dispose"/>; the default value records nothing.</summary>
internal readonly struct StoreOperationTimer(StoreOperationMetrics? metrics, StoreOperation operation, long startTimestamp) : IDisposable
{
    /// <summary>Records the elapsed time, if the timer was started.</summary>
    public void Dispose() => metrics?.Record(operation, startTimestamp);
}
