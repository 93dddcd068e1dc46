namespace Streams.Processor.Internal;

/// <content>The hook of the exactly-once checkpoint rule: which persistent stores announce their writes, and what runs before the first one.</content>
internal sealed partial class TaskContext
{
    private HashSet<string>? _trackedPersistentStores;

    /// <summary>
    /// Runs once, right before the next write into a persistent store whose writes are tracked (then clears itself). Under
    /// exactly-once the task manager sets it after writing the task's checkpoint: it deletes the checkpoint, so that a
    /// crash while the stores hold uncommitted writes finds none and restores from the changelog.
    /// </summary>
    public Action? BeforeFirstPersistentWrite { get; set; }

    /// <summary>True when <paramref name="storeName"/> has a change-logging layer that announces every write into it.</summary>
    public bool TracksPersistentWrites(string storeName) => _trackedPersistentStores?.Contains(storeName) == true;

    public void TrackPersistentWrites(string storeName) => (_trackedPersistentStores ??= new(StringComparer.Ordinal)).Add(storeName);

    public void BeforePersistentWrite()
    {
        if (BeforeFirstPersistentWrite is { } hook)
        {
            BeforeFirstPersistentWrite = null;
            hook();
        }
    }
}
