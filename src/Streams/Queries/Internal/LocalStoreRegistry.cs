using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Queries.Internal;

/// <summary>
/// The stores this instance hosts right now, for interactive queries (Kafka Streams' <c>QueryableStoreProvider</c>
/// over its stream threads' tasks): tasks register their stores when created (restoring, then active) and unregister
/// when closed or revoked; global stores register once loaded. Thread-safe: any number of stream threads register while
/// query threads look stores up. It also owns one <see cref="StoreChangeHub"/> per key-value store name and taps every
/// registered key-value store into it, for push queries.
/// </summary>
internal sealed class LocalStoreRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<TaskId, LocalTaskStores> _tasks = [];
    private readonly Dictionary<string, StoreChangeHub> _hubs = new(StringComparer.Ordinal);
    private LocalTaskStores? _global;
    private bool _closed;

    /// <summary>Registers a task's stores as restoring; call <see cref="LocalTaskStores.Activate"/> once restored.</summary>
    /// <param name="id">The task.</param>
    /// <param name="context">The task's context: its query lock and the timestamp of the record in process.</param>
    /// <param name="stores">The top layer of each store.</param>
    /// <returns>The registration.</returns>
    public LocalTaskStores Register(TaskId id, TaskContext context, IEnumerable<IStateStore> stores) => Add(id, context, stores, TaskStoresState.Restoring);

    /// <summary>Registers the loaded global stores, active at once; they answer every partition.</summary>
    /// <param name="context">The global task's context.</param>
    /// <param name="stores">The global stores.</param>
    /// <returns>The registration.</returns>
    public LocalTaskStores RegisterGlobal(TaskContext context, IEnumerable<IStateStore> stores) => Add(null, context, stores, TaskStoresState.Active);

    /// <summary>Marks a task's stores closed (views reading them throw "migrated") and forgets them; no-op when unknown.</summary>
    /// <param name="id">The task.</param>
    /// <param name="queryLock">
    /// When given, the registration is forgotten only if it is the one made with this query lock: with several stream
    /// threads, a thread closing a task late must not unregister the same task newly registered by another thread.
    /// </param>
    public void Unregister(TaskId id, object? queryLock = null)
    {
        LocalTaskStores? task;
        lock (_gate)
        {
            if (queryLock is not null && _tasks.TryGetValue(id, out var registered) && !ReferenceEquals(registered.QueryLock, queryLock))
            {
                return;
            }

            if (!_tasks.Remove(id, out task))
            {
                return;
            }
        }

        task.MarkClosed();
    }

    /// <summary>
    /// The registered instances of <paramref name="storeName"/>: the global store when it is one, else the task stores
    /// (only partition <paramref name="partition"/> when given), by partition. A snapshot; empty when none is local.
    /// </summary>
    /// <param name="storeName">The store name.</param>
    /// <param name="partition">One partition, or null for all.</param>
    /// <returns>The stores.</returns>
    public IReadOnlyList<LocalStore> Find(string storeName, int? partition)
    {
        lock (_gate)
        {
            if (_global is not null && _global.Stores.TryGetValue(storeName, out var global))
            {
                return [new LocalStore(_global, global)];
            }

            var found = new List<LocalStore>();
            foreach (var task in _tasks.Values)
            {
                if ((partition is null || task.Partition == partition) && task.Stores.TryGetValue(storeName, out var store))
                {
                    found.Add(new LocalStore(task, store));
                }
            }

            found.Sort((a, b) => a.Partition.CompareTo(b.Partition));
            return found;
        }
    }

    /// <summary>The change hub of a key-value store name (created on first use); completed once the registry closes.</summary>
    /// <param name="storeName">The store name.</param>
    /// <returns>The hub.</returns>
    public StoreChangeHub Hub(string storeName)
    {
        lock (_gate)
        {
            return HubLocked(storeName);
        }
    }

    /// <summary>The application stopped: every registration closes and every hub completes (subscribers get OnCompleted).</summary>
    public void Close()
    {
        List<LocalTaskStores> tasks;
        List<StoreChangeHub> hubs;
        lock (_gate)
        {
            _closed = true;
            tasks = [.. _tasks.Values];
            if (_global is not null)
            {
                tasks.Add(_global);
            }

            _tasks.Clear();
            _global = null;
            hubs = [.. _hubs.Values];
        }

        foreach (var task in tasks)
        {
            task.MarkClosed();
        }

        foreach (var hub in hubs)
        {
            hub.Complete();
        }
    }

    private LocalTaskStores Add(TaskId? id, TaskContext context, IEnumerable<IStateStore> stores, TaskStoresState state)
    {
        var byName = stores.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var task = new LocalTaskStores(id, context.QueryLock, byName, state);
        lock (_gate)
        {
            if (_closed)
            {
                task.MarkClosed();
                return task;
            }

            foreach (var store in byName.Values.OfType<IObservableKeyValueStore>())
            {
                task.Tap(store, new StoreWriteSink(HubLocked(store.Name), task.Partition, () => context.RecordTimestamp));
            }

            if (id is { } taskId)
            {
                _tasks[taskId] = task;
            }
            else
            {
                _global = task;
            }
        }

        return task;
    }

    private StoreChangeHub HubLocked(string storeName)
    {
        if (!_hubs.TryGetValue(storeName, out var hub))
        {
            hub = new StoreChangeHub(storeName);
            _hubs.Add(storeName, hub);
            if (_closed)
            {
                hub.Complete();
            }
        }

        return hub;
    }
}

/// <summary>Where a registered task's stores stand.</summary>
internal enum TaskStoresState
{
    /// <summary>Being restored from the changelog: answers only queries that enable stale stores.</summary>
    Restoring,

    /// <summary>Processing: answers queries.</summary>
    Active,

    /// <summary>Closed or revoked: views that still hold it throw "migrated".</summary>
    Closed,
}

/// <summary>
/// The stores of one registered task (or of the global stores), with the task's query lock: readers take it for each
/// read, the stream thread while it processes, punctuates, restores or commits the task.
/// </summary>
internal sealed class LocalTaskStores(TaskId? id, object queryLock, IReadOnlyDictionary<string, IStateStore> stores, TaskStoresState state)
{
    private readonly List<IObservableKeyValueStore> _tapped = [];
    private volatile TaskStoresState _state = state;

    /// <summary>The task, or null for the global stores.</summary>
    public TaskId? Id { get; } = id;

    /// <summary>The task's partition; -1 for global stores.</summary>
    public int Partition => Id?.Partition ?? -1;

    /// <summary>The lock that serializes reads with the stream thread's work on the task.</summary>
    public object QueryLock { get; } = queryLock;

    /// <summary>The top layer of each store, by name.</summary>
    public IReadOnlyDictionary<string, IStateStore> Stores { get; } = stores;

    /// <summary>The current state; read under <see cref="QueryLock"/> by queries.</summary>
    public TaskStoresState State => _state;

    /// <summary>Restoration finished: the stores answer queries.</summary>
    public void Activate()
    {
        if (_state == TaskStoresState.Restoring)
        {
            _state = TaskStoresState.Active;
        }
    }

    /// <summary>Closes the registration and removes the push-query taps; waits for a read in progress to finish.</summary>
    public void MarkClosed()
    {
        lock (QueryLock)
        {
            _state = TaskStoresState.Closed;
            foreach (var store in _tapped)
            {
                store.ObserveWrites(null);
            }

            _tapped.Clear();
        }
    }

    internal void Tap(IObservableKeyValueStore store, IStoreWriteSink sink)
    {
        store.ObserveWrites(sink);
        _tapped.Add(store);
    }
}

/// <summary>One registered instance of a store: the store's top layer and the task that owns it.</summary>
/// <param name="Task">The owning task's registration.</param>
/// <param name="Store">The store's top (metered) layer.</param>
internal sealed record LocalStore(LocalTaskStores Task, IStateStore Store)
{
    /// <summary>The partition of the owning task; -1 for a global store.</summary>
    public int Partition => Task.Partition;
}
