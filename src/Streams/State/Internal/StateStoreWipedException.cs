namespace Streams.State.Internal;

/// <summary>
/// A store found its local files corrupt while opening and deleted them (RocksDB's
/// <c>RocksDbOptions.OnCorruption = Wipe</c>). The runtime treats it as Kafka Streams treats a
/// <c>TaskCorruptedException</c>: it closes the task, wipes the task's local state, creates the task again and restores
/// every store of it from the beginning of its changelog, within the same start. Anywhere else (the test driver, a store
/// opened by hand) it is an ordinary <see cref="StateStoreException"/> whose message says to restart.
/// </summary>
internal sealed class StateStoreWipedException : StateStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="storeName">The store whose files were deleted.</param>
    /// <param name="message">What happened and what to do, naming the store and directory.</param>
    /// <param name="innerException">The corruption error.</param>
    public StateStoreWipedException(string storeName, string message, Exception innerException)
        : base(message, innerException) => StoreName = storeName;

    /// <summary>The store whose files were deleted.</summary>
    public string StoreName { get; }
}
