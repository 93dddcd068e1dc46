namespace Streams.State.Internal;

/// <summary>
/// A restore callback that wants to know where a restore begins and ends, so that it can defer work to the end: the
/// in-memory key-value store updates only its hash map per restored record and sorts its keys once in
/// <see cref="EndRestore"/>, instead of a tree insert per record. A restore cut short never reaches
/// <see cref="EndRestore"/>; the store is closed then, or does the deferred work lazily on its next use. Wrapping
/// restore callbacks (window and session layers) forward both calls.
/// </summary>
internal interface IBulkRestoreCallback : IStateRestoreCallback
{
    /// <summary>Called before the first batch of a restore.</summary>
    void BeginRestore();

    /// <summary>Called after the last batch of a restore that reached its end.</summary>
    void EndRestore();
}
