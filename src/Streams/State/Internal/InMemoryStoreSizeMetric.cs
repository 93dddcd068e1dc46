using System.Diagnostics.Metrics;
using Streams.Internal;
using Streams.Processor;

namespace Streams.State.Internal;

/// <summary>
/// The observable gauge <c>streams.store.in_memory.size</c> (By; tags <c>store</c>, <c>task</c>): per open in-memory
/// key-value bytes store (the in-memory key-value, window and versioned stores), the bytes of the keys and values it
/// holds, without the per-entry overhead of the collections (roughly 100 bytes per entry more). Kafka Streams has no
/// size metric for in-memory stores; RocksDB stores report theirs on the <c>Streams.RocksDb</c> meter. The store keeps
/// a running count on every write, and a collection reads it: nothing is computed at collection time.
/// </summary>
internal static class InMemoryStoreSizeMetric
{
    private static readonly Lock RegistryLock = new();
    private static readonly List<Registration> Registered = [];

    /// <summary>The gauge, created once per process.</summary>
    internal static readonly ObservableGauge<long> Gauge = StreamsMetrics.Meter.CreateObservableGauge(
        "streams.store.in_memory.size",
        Observe,
        "By",
        "Bytes of the keys and values held by an in-memory state store (collection overhead excluded).");

    /// <summary>Publishes <paramref name="bytes"/> for the store until the registration is disposed (when the store closes).</summary>
    /// <param name="storeName">The <c>store</c> tag.</param>
    /// <param name="taskId">The <c>task</c> tag (global stores: <c>-1_-1</c>).</param>
    /// <param name="bytes">Reads the store's current byte count; called from the collecting thread.</param>
    /// <returns>The registration to dispose.</returns>
    public static IDisposable Register(string storeName, TaskId taskId, Func<long> bytes)
    {
        var registration = new Registration([new("store", storeName), new("task", taskId.ToString())], bytes);
        lock (RegistryLock)
        {
            Registered.Add(registration);
        }

        return registration;
    }

    private static List<Measurement<long>> Observe()
    {
        Registration[] stores;
        lock (RegistryLock)
        {
            stores = [.. Registered];
        }

        return [.. stores.Select(s => new Measurement<long>(s.Bytes(), s.Tags))];
    }

    private sealed class Registration(KeyValuePair<string, object?>[] tags, Func<long> bytes) : IDisposable
    {
        public KeyValuePair<string, object?>[] Tags { get; } = tags;

        public Func<long> Bytes { get; } = bytes;

        public void Dispose()
        {
            lock (RegistryLock)
            {
                Registered.Remove(this);
            }
        }
    }
}
