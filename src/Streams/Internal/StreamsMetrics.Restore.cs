using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Streams.Internal;

/// <content>Restore instruments (KIP-869's task-level restore metrics).</content>
internal static partial class StreamsMetrics
{
    /// <summary>
    /// The restore instruments, in a nested class so that they are created on the first restore, after the
    /// <see cref="Meter"/> exists (field initializers of partial class parts run in no defined order).
    /// </summary>
    internal static class Restore
    {
        private static readonly ConcurrentDictionary<StoreRestoreGauge, byte> s_inProgress = new();

        /// <summary>
        /// Changelog records written into stores while restoring, tagged by task and store (Kafka Streams: <c>restore-total</c>,
        /// and <c>restore-rate</c> as its rate). Records with a null key are skipped and not counted, as in Kafka Streams.
        /// </summary>
        public static readonly Counter<long> Records = Meter.CreateCounter<long>(
            "streams.task.restore.records", "{record}", "Changelog records restored into state stores.");

        /// <summary>
        /// Records still to restore per store being restored, tagged by task and store (Kafka Streams:
        /// <c>restore-remaining-records-total</c>): the changelog end offset minus the offset after the last restored
        /// record. Reported only while a restore is in progress.
        /// </summary>
        public static readonly ObservableGauge<long> Remaining = Meter.CreateObservableGauge(
            "streams.task.restore.remaining", Observe, "{record}", "Changelog records still to restore, per store being restored.");

        /// <summary>Time to restore all of a task's stores (global stores: all of them), seconds, tagged by task; recorded only while a listener is subscribed.</summary>
        public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
            "streams.task.restore.duration", "s", "Time to restore a task's stores from their changelogs.");

        /// <summary>Starts reporting <paramref name="gauge"/> through <see cref="Remaining"/>.</summary>
        public static void Track(StoreRestoreGauge gauge) => s_inProgress.TryAdd(gauge, 0);

        /// <summary>Stops reporting <paramref name="gauge"/>.</summary>
        public static void Untrack(StoreRestoreGauge gauge) => s_inProgress.TryRemove(gauge, out _);

        private static IEnumerable<Measurement<long>> Observe()
        {
            foreach (var gauge in s_inProgress.Keys)
            {
                yield return new Measurement<long>(gauge.Remaining, gauge.TaskTag, gauge.StoreTag);
            }
        }
    }
}
