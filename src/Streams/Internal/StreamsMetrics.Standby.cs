using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Streams.Internal;

/// <content>Standby instruments (KIP-869's task-level <c>update-total</c> and the state updater's <c>standby-updating-tasks</c>).</content>
internal static partial class StreamsMetrics
{
    /// <summary>The standby instruments, in a nested class so that they are created with the first standby, after the <see cref="Meter"/> exists.</summary>
    internal static class Standby
    {
        private static readonly ConcurrentDictionary<StandbyTaskCount, byte> s_updaters = new();

        /// <summary>
        /// Changelog records written into standby stores, tagged by task and store (Kafka Streams: <c>update-total</c>, and
        /// <c>update-rate</c> as its rate). Records with a null key are skipped and not counted.
        /// </summary>
        public static readonly Counter<long> Records = Meter.CreateCounter<long>(
            "streams.task.standby.update.records", "{record}", "Changelog records applied to standby state stores.");

        /// <summary>Standby tasks an instance's standby updater keeps up to date, tagged by the updater's thread name (Kafka Streams: <c>standby-updating-tasks</c>).</summary>
        public static readonly ObservableGauge<int> UpdatingTasks = Meter.CreateObservableGauge(
            "streams.thread.standby.updating.tasks", Observe, "{task}", "Standby tasks being updated from their changelogs.");

        /// <summary>Starts reporting <paramref name="count"/> through <see cref="UpdatingTasks"/>.</summary>
        public static void Track(StandbyTaskCount count) => s_updaters.TryAdd(count, 0);

        /// <summary>Stops reporting <paramref name="count"/>.</summary>
        public static void Untrack(StandbyTaskCount count) => s_updaters.TryRemove(count, out _);

        private static IEnumerable<Measurement<int>> Observe()
        {
            foreach (var count in s_updaters.Keys)
            {
                yield return new Measurement<int>(count.Tasks, count.ThreadTag);
            }
        }
    }
}

/// <summary>The value behind one standby updater's <c>streams.thread.standby.updating.tasks</c>; written by the updater, read by collectors.</summary>
/// <param name="threadName">The updater's thread name.</param>
internal sealed class StandbyTaskCount(string threadName)
{
    private int _tasks;

    public KeyValuePair<string, object?> ThreadTag { get; } = new("thread", threadName);

    public int Tasks
    {
        get => Volatile.Read(ref _tasks);
        set => Volatile.Write(ref _tasks, value);
    }
}
