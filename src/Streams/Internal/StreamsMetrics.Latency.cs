using System.Diagnostics.Metrics;

namespace Streams.Internal;

/// <summary>Latency histograms: recorded only while a listener is subscribed (<see cref="Instrument.Enabled"/>).</summary>
internal static partial class StreamsMetrics
{
    /// <summary>Time to process one input record through its task's topology, seconds, tagged by task (Kafka Streams: process-latency-avg/max).</summary>
    public static readonly Histogram<double> ProcessDuration = Meter.CreateHistogram<double>("streams.task.process.duration", "s");

    /// <summary>Time of one commit of all a thread's tasks (flush stores and producer, commit offsets, checkpoint), seconds (Kafka Streams: commit-latency-avg/max).</summary>
    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("streams.thread.commit.duration", "s");
}
