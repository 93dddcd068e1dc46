namespace Streams.State.Internal;

/// <summary>
/// A restore callback that writes restored batches faster when it knows where a restore begins and ends, as Kafka
/// Streams' RocksDB store once toggled bulk loading around a restore: between <see cref="BeginRestore"/> and
/// <see cref="EndRestore"/> a RocksDB store skips the write-ahead log and then flushes its memtables, so what was
/// restored is on disk before any checkpoint can claim it. A restore cut short never reaches
/// <see cref="EndRestore"/>; the task then has no checkpoint, so the next start restores it again from the beginning.
/// </summary>
internal interface IBulkRestoreCallback : IStateRestoreCallback
{
    /// <summary>Called before the first batch of a restore.</summary>
    void BeginRestore();

    /// <summary>Called after the last batch of a restore that reached its end; makes the restored records durable.</summary>
    void EndRestore();
}
