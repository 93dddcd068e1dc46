namespace Streams.RocksDb;

/// <summary>
/// What a RocksDB store does when RocksDB reports its directory corrupt while opening it (a damaged
/// <c>CURRENT</c>, <c>MANIFEST</c> or write-ahead log, a missing or truncated SST file): keep the files and fail,
/// or delete them and rebuild the store from its changelog.
/// </summary>
public enum RocksDbCorruptionHandling
{
    /// <summary>
    /// Keep the files for inspection and fail. The message names the directory and says how to recover:
    /// delete it and restart, and the store is rebuilt from its changelog topic. The default.
    /// </summary>
    Fail = 0,

    /// <summary>
    /// Delete the store's directory and recover from the changelog. Inside a <see cref="Streams.StreamsApplication"/>
    /// this happens within the same start, as Kafka Streams handles a <c>TaskCorruptedException</c>: the runtime closes
    /// the task, wipes the task's local state (every store of the task), creates the task again and restores all its
    /// stores from the beginning of their changelogs (warning, event id 2050), then processes as usual. Opened by other
    /// code (the test driver, a store opened by hand) the open fails with a
    /// <see cref="Streams.State.StateStoreException"/> saying the directory was deleted, and the next open starts empty.
    /// Only for stores with a changelog (the default): a store with logging disabled loses its data.
    /// </summary>
    Wipe = 1,
}
