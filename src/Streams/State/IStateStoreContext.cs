using Streams.Processor;

namespace Streams.State;

/// <summary>
/// What a store sees of the task that owns it while it initializes, as Kafka Streams'
/// <c>StateStoreContext</c>.
/// </summary>
public interface IStateStoreContext
{
    /// <summary>The application id (<c>application.id</c>), the prefix of every internal topic.</summary>
    string ApplicationId { get; }

    /// <summary>The owning task; for global stores <c>TaskId(-1, -1)</c>.</summary>
    TaskId TaskId { get; }

    /// <summary>
    /// The task's own directory under the state directory: <c>{stateDir}/{applicationId}/{taskId}</c>
    /// (global stores: <c>{stateDir}/{applicationId}/global</c>). Persistent stores keep their files below it.
    /// </summary>
    string StateDirectory { get; }

    /// <summary>
    /// Registers a store with its restore callback. The runtime replays the store's changelog (or, for a
    /// global store, its source topic) into <paramref name="restoreCallback"/> before processing starts.
    /// </summary>
    /// <param name="store">The store being registered (the root of its layer stack).</param>
    /// <param name="restoreCallback">Receives restored records in changelog order.</param>
    void Register(IStateStore store, IStateRestoreCallback restoreCallback);
}

/// <summary>
/// Receives changelog records while a store is restored, in batches, as Kafka Streams'
/// <c>BatchingStateRestoreCallback</c>. A <see langword="null"/> value is a tombstone (delete).
/// </summary>
public interface IStateRestoreCallback
{
    /// <summary>Applies one batch of restored records, in changelog order.</summary>
    /// <param name="records">
    /// Raw key and value bytes; a null value deletes the key. The key and value arrays are the store's to keep (nobody
    /// else holds them), but the list itself is reused for the next batch once this returns: copy what you keep of it.
    /// </param>
    void RestoreBatch(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records);
}
