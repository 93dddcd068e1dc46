using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Queries;
using Streams.Queries.Internal;
using Streams.Runtime.Internal;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.Queries.Internal;

/// <summary>A registry with real in-memory stores in two tasks (partitions 0 and 1), as the stream thread registers them.</summary>
internal sealed class LocalStores
{
    public LocalStoreRegistry Registry { get; } = new();

    public StreamsState State { get; set; } = StreamsState.Running;

    public TaskContext[] Contexts { get; } = [Context(0), Context(1)];

    public MeteredTimestampedKeyValueStore<string, long>[] Counts { get; } = new MeteredTimestampedKeyValueStore<string, long>[2];

    public MeteredTimestampedWindowStore<string, long>[] Windows { get; } = new MeteredTimestampedWindowStore<string, long>[2];

    public MeteredSessionStore<string, long>[] Sessions { get; } = new MeteredSessionStore<string, long>[2];

    public LocalTaskStores[] Tasks { get; } = new LocalTaskStores[2];

    public static LocalStores Active()
    {
        var stores = new LocalStores();
        for (var p = 0; p < 2; p++)
        {
            stores.Register(p).Activate();
        }

        return stores;
    }

    public LocalTaskStores Register(int partition)
    {
        var context = Contexts[partition];
        Counts[partition] = new MeteredTimestampedKeyValueStore<string, long>(new InMemoryKeyValueBytesStore("counts"), Serdes.String!, Serdes.Int64);
        Windows[partition] = new MeteredTimestampedWindowStore<string, long>(
            new InMemoryWindowBytesStoreSupplier("windows", 10_000, 1_000).Get(), Serdes.String!, Serdes.Int64);
        Sessions[partition] = new MeteredSessionStore<string, long>(new InMemorySessionBytesStoreSupplier("sessions", 10_000).Get(), Serdes.String!, Serdes.Int64);
        IStateStore[] all = [Counts[partition], Windows[partition], Sessions[partition]];
        foreach (var store in all)
        {
            context.AddStore(store);
            store.Init(context, store);
        }

        return Tasks[partition] = Registry.Register(new TaskId(0, partition), context, all);
    }

    public TStore View<TStore>(QueryableStoreType<TStore> type, string storeName, int? partition = null, bool stale = false) =>
        type.Create(new StoreViewProvider(Registry, () => State, storeName, partition, stale));

    public IReadOnlyKeyValueStore<string, long> CountsView(int? partition = null, bool stale = false) =>
        View(QueryableStoreTypes.KeyValueStore<string, long>(), "counts", partition, stale);

    public void Put(int partition, string key, long value, long timestamp = 1_000) =>
        Counts[partition].Put(key, new ValueAndTimestamp<long>(value, timestamp));

    private static TaskContext Context(int partition) =>
        new("app", new TaskId(0, partition), "unused", new FakeRecordCollector(), TimeProvider.System, new Dictionary<string, string>(), new Dictionary<string, IStateStore>());
}
