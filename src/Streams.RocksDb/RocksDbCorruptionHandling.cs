namespace Streams.RocksDb;

/// <summary>
/// What a RocksDB store does when RocksDB reports its directory corrupt while opening it (a damaged
/// <c>CURRENT</c>, <c>MANIFEST</c> or write-ahead log, a missing or truncated SST file). Either way opening
/// fails with a <see cref="Streams.State.StateStoreException"/> naming the directory; they differ in whether
/// the damaged files are kept.
/// </summary>
public enum RocksDbCorruptionHandling
{
    /// <summary>
    /// Keep the files for inspection and fail. The message names the directory and says how to recover:
    /// delete it and restart, and the store is rebuilt from its changelog topic. The default.
    /// </summary>
    Fail = 0,

    /// <summary>
    /// Delete the store's directory, then fail so that the task is created again. The runtime restores a task
    /// from the beginning of its changelog when it has no valid checkpoint (and it consumes the checkpoint
    /// before opening stores, so after this failure it has none): the next start of the task rebuilds the store
    /// without an operator deleting anything. The store does not reopen empty within the same start, because
    /// the restore that follows the open resumes from the checkpoint the task was created with and would leave
    /// the records before it missing. Only for stores with a changelog (the default): a store with logging
    /// disabled loses its data.
    /// </summary>
    Wipe = 1,
}
