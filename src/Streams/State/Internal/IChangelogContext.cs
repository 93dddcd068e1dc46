namespace Streams.State.Internal;

/// <summary>What a change-logging store layer needs from its task: where to send changes.</summary>
internal interface IChangelogContext
{
    /// <summary>The timestamp of the record being processed (changelog records carry it).</summary>
    long RecordTimestamp { get; }

    /// <summary>True when the store's changelog is enabled in the topology.</summary>
    bool IsLoggingEnabled(string storeName);

    /// <summary>Sends one change to the store's changelog topic, partition = the task's partition.</summary>
    void LogChange(string storeName, byte[] key, byte[]? value, long timestamp);

    /// <summary>
    /// Called once at <c>Init</c> by a change-logging layer over a persistent store: every write into that store will be
    /// announced by <see cref="BeforePersistentWrite"/> (the exactly-once checkpoint rule relies on it). Default: nothing.
    /// </summary>
    void TrackPersistentWrites(string storeName)
    {
    }

    /// <summary>
    /// Called by a change-logging layer over a persistent store right before it writes into that store (under
    /// exactly-once the task's checkpoint is deleted before the first such write after a commit). Default: nothing.
    /// </summary>
    void BeforePersistentWrite()
    {
    }

    /// <summary>For a change-logging layer's <c>Init</c>: registers the layer's store with <paramref name="context"/> when it is persistent and logged.</summary>
    /// <returns>The context to call <see cref="BeforePersistentWrite"/> on before each write, or null (in-memory or unlogged store).</returns>
    static IChangelogContext? Track(IChangelogContext? context, string storeName, bool persistent)
    {
        if (context is null || !persistent)
        {
            return null;
        }

        context.TrackPersistentWrites(storeName);
        return context;
    }
}
