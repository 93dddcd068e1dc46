using System.Diagnostics.Metrics;

namespace Streams.Internal;

/// <content>Suppression instruments.</content>
internal static partial class StreamsMetrics
{
    /// <summary>Records a suppression emitted downstream, tagged by task and processor (Kafka Streams: suppression-emit-total).</summary>
    public static readonly Counter<long> SuppressionEmits = Meter.CreateCounter<long>("streams.processor.suppression.emits", "{record}");
}
