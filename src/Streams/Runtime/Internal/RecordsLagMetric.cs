using System.Diagnostics.Metrics;
using Streams.Internal;

namespace Streams.Runtime.Internal;

/// <summary>
/// The observable gauge <c>streams.consumer.records.lag</c> ({record}; tags <c>topic</c>, <c>partition</c>,
/// <c>thread</c>): per assigned input partition, <see cref="PartitionProgress.RecordsLag"/> of the stream thread's
/// last published <see cref="StreamsProgress"/>, as the Kafka consumer's <c>records-lag</c> metric (per topic and
/// partition, log-end offset minus position). The thread computes nothing for the gauge: it swaps its progress
/// snapshot after every loop iteration as before, and a collection reads the snapshot of every running thread.
/// </summary>
internal static class RecordsLagMetric
{
    private static readonly Lock RegistryLock = new();
    private static readonly List<Registration> Registered = [];

    /// <summary>The gauge, created once per process.</summary>
    internal static readonly ObservableGauge<long> Gauge = StreamsMetrics.Meter.CreateObservableGauge(
        "streams.consumer.records.lag",
        Observe,
        "{record}",
        "Records on an assigned input partition the consumer has not read yet: log-end offset minus position (Kafka consumer: records-lag).");

    /// <summary>Publishes the lag of <paramref name="progress"/>'s partitions under <paramref name="threadName"/> until the registration is disposed.</summary>
    /// <param name="threadName">The <c>thread</c> tag: the stream thread's name (<c>{applicationId}-StreamThread-{n}</c>).</param>
    /// <param name="progress">Reads the thread's current progress snapshot; called from the collecting thread.</param>
    /// <returns>The registration to dispose when the thread stops.</returns>
    public static IDisposable Register(string threadName, Func<StreamsProgress> progress)
    {
        var registration = new Registration(threadName, progress);
        lock (RegistryLock)
        {
            Registered.Add(registration);
        }

        return registration;
    }

    private static List<Measurement<long>> Observe()
    {
        Registration[] threads;
        lock (RegistryLock)
        {
            threads = [.. Registered];
        }

        var result = new List<Measurement<long>>();
        foreach (var thread in threads)
        {
            foreach (var p in thread.Progress().Partitions)
            {
                if (p.RecordsLag >= 0)
                {
                    KeyValuePair<string, object?>[] tags = [new("topic", p.Partition.Topic), new("partition", p.Partition.Partition.Value), new("thread", thread.Name)];
                    result.Add(new Measurement<long>(p.RecordsLag, tags));
                }
            }
        }

        return result;
    }

    private sealed class Registration(string name, Func<StreamsProgress> progress) : IDisposable
    {
        public string Name { get; } = name;

        public Func<StreamsProgress> Progress { get; } = progress;

        public void Dispose()
        {
            lock (RegistryLock)
            {
                Registered.Remove(this);
            }
        }
    }
}
