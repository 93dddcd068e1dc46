using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace Streams.Internal;

/// <summary>
/// Spans on the <see cref="StreamsTelemetry.ActivitySourceName"/> source and W3C trace context in Kafka record
/// headers (<c>traceparent</c>, <c>tracestate</c>), following the OpenTelemetry messaging conventions: the process
/// span of an input record continues the trace of the producer that wrote it; the send span of an output record
/// is written into the record's headers, so the next sub-topology, application or instance continues the trace.
/// Every method is a cheap no-op when nothing listens.
/// </summary>
internal static class StreamsTracing
{
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";

    public static readonly ActivitySource Source = new(StreamsTelemetry.ActivitySourceName, "0.1.0");

    /// <summary>
    /// False when the AppContext switch <c>Streams.Tracing.IsSupported</c> is set to false (runtimeconfig or
    /// <c>AppContext.SetSwitch</c> before the first record): no listener check, no span, no header. Settable
    /// in process for the tracing-overhead benchmark's baseline.
    /// </summary>
    public static bool IsSupported { get; set; } = !AppContext.TryGetSwitch("Streams.Tracing.IsSupported", out var supported) || supported;

    /// <summary>Starts the span of processing one input record, or returns null when nothing listens.</summary>
    public static Activity? StartProcess(ConsumeResult<byte[], byte[]> raw, string taskId)
    {
        if (!IsSupported || !Source.HasListeners())
        {
            return null;
        }

        var parent = Extract(raw.Message.Headers);
        var activity = Source.StartActivity("process " + raw.Topic, ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", raw.Topic);
            activity.SetTag("messaging.destination.partition.id", raw.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", raw.Offset.Value);
            activity.SetTag("streams.task.id", taskId);
        }

        return activity;
    }

    /// <summary>
    /// Starts the span of sending one output record and writes its context into <paramref name="headers"/>
    /// (created when null), replacing any trace context the record carried in from its input. Returns null, and
    /// leaves the headers alone, when nothing listens.
    /// </summary>
    public static Activity? StartSend(string topic, ref Headers? headers)
    {
        if (!IsSupported || !Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("send " + topic, ActivityKind.Producer);
        if (activity is null)
        {
            return null;
        }

        if (activity.IsAllDataRequested)
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.destination.name", topic);
        }

        headers ??= [];
        headers.Remove(TraceParentHeader);
        headers.Remove(TraceStateHeader);
        headers.Add(TraceParentHeader, Encoding.ASCII.GetBytes(activity.Id!));
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            headers.Add(TraceStateHeader, Encoding.ASCII.GetBytes(activity.TraceStateString));
        }

        return activity;
    }

    /// <summary>Starts a commit span, or returns null when nothing listens.</summary>
    public static Activity? StartCommit() => IsSupported && Source.HasListeners() ? Source.StartActivity("commit", ActivityKind.Internal) : null;

    /// <summary>The W3C trace context in <paramref name="headers"/>, or default when absent or malformed (a new trace starts).</summary>
    public static ActivityContext Extract(Headers? headers)
    {
        if (headers is null || !headers.TryGetLastBytes(TraceParentHeader, out var parent))
        {
            return default;
        }

        string? state = headers.TryGetLastBytes(TraceStateHeader, out var stateBytes) ? Encoding.ASCII.GetString(stateBytes) : null;
        return ActivityContext.TryParse(Encoding.ASCII.GetString(parent), state, isRemote: true, out var context) ? context : default;
    }
}
