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
