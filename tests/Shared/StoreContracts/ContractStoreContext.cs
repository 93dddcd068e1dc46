using Streams.Processor;
using Streams.State;
using Streams.State.Internal;

namespace Streams.StoreContracts;

/// <summary>
/// A task's store context for store contract tests: a real state directory (RocksDB stores open under it),
/// registrations (the restore callbacks) and every changelog write, with its record timestamp.
/// </summary>
public sealed class ContractStoreContext(string stateDirectory) : IStateStoreContext, IChangelogContext
{
    public string ApplicationId => "app";

    public TaskId TaskId => new(0, 0);

    public string StateDirectory { get; } = stateDirectory;

    public long RecordTimestamp { get; set; }

    public List<(IStateStore Store, IStateRestoreCallback Callback)> Registered { get; } = [];

    public List<ContractChange> Logged { get; } = [];

    public void Register(IStateStore store, IStateRestoreCallback restoreCallback) => Registered.Add((store, restoreCallback));

    public bool IsLoggingEnabled(string storeName) => true;

    public void LogChange(string storeName, byte[] key, byte[]? value, long timestamp) => Logged.Add(new ContractChange(storeName, key, value, timestamp));
}

/// <summary>One changelog write seen by <see cref="ContractStoreContext"/>.</summary>
public sealed record ContractChange(string Store, byte[] Key, byte[]? Value, long Timestamp);

/// <summary>
/// Base of the store contract tests: a fresh temp directory per test, each opened store closed and the directory
/// deleted at the end. Subclasses (one per store implementation) say how to make the stores.
/// </summary>
public abstract class StoreContract : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "streams-store-contracts", Guid.NewGuid().ToString("N"));
    private readonly List<IStateStore> _open = [];
    private int _contexts;

    /// <summary>A new context over its own task directory (so two stores of the same name do not share files).</summary>
    protected ContractStoreContext NewContext()
    {
        var dir = Path.Combine(_root, $"task-{_contexts++}");
        Directory.CreateDirectory(dir);
        return new ContractStoreContext(dir);
    }

    /// <summary>Initializes <paramref name="store"/> as the root of its layers and closes it at the end of the test.</summary>
    protected T Opened<T>(T store, ContractStoreContext context)
        where T : IStateStore
    {
        store.Init(context, store);
        _open.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _open.Where(s => s.IsOpen))
        {
            store.Close();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}
