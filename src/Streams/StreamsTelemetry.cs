namespace Streams;

/// <summary>
/// Names under which Streams publishes telemetry. Subscribe with OpenTelemetry
/// (<c>.AddMeter(StreamsTelemetry.MeterName)</c>, <c>.AddSource(StreamsTelemetry.ActivitySourceName)</c>),
/// <c>dotnet-counters monitor --counters Streams</c>, or in-process <c>MeterListener</c>/<c>ActivityListener</c>.
/// Kafka Streams exposes JMX metrics instead; the instrument list with the Kafka Streams metric each one
/// corresponds to is in docs/telemetry.md.
/// </summary>
public static class StreamsTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name, <c>"Streams"</c>.</summary>
    public const string MeterName = "Streams";

    /// <summary>
    /// The <see cref="System.Diagnostics.ActivitySource"/> name, <c>"Streams"</c>. Spans: <c>process {topic}</c>
    /// (consumer kind, one per input record, parented on the W3C <c>traceparent</c> header of the record when it
    /// has one), <c>send {topic}</c> (producer kind, one per output record, whose context is written into the
    /// output record's <c>traceparent</c>/<c>tracestate</c> headers, repartition topics included) and <c>commit</c>.
    /// With no listener no span is created and no header is written.
    /// </summary>
    public const string ActivitySourceName = "Streams";
}
