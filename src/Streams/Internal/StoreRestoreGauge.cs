namespace Streams.Internal;

/// <summary>The value behind one store's <c>streams.task.restore.remaining</c> measurement; written by the restoring thread, read by collectors.</summary>
/// <param name="taskId">The task, <c>"global"</c> for global stores.</param>
/// <param name="storeName">The store.</param>
internal sealed class StoreRestoreGauge(string taskId, string storeName)
{
    private long _remaining;

    public KeyValuePair<string, object?> TaskTag { get; } = new("task", taskId);

    public KeyValuePair<string, object?> StoreTag { get; } = new("store", storeName);

    public long Remaining
    {
        get => Volatile.Read(ref _remaining);
        set => Volatile.Write(ref _remaining, value);
    }
}
