using Streams.State.Internal;

namespace Streams.Queries.Internal;

/// <summary>The tap of one task's key-value store: turns its writes into <see cref="StoreWrite"/>s for the store's hub.</summary>
/// <param name="hub">The store name's hub.</param>
/// <param name="partition">The task's partition (-1 for a global store).</param>
/// <param name="recordTimestamp">The timestamp of the record in process (for stores without timestamps in their values).</param>
internal sealed class StoreWriteSink(StoreChangeHub hub, int partition, Func<long> recordTimestamp) : IStoreWriteSink
{
    public bool IsObserved => hub.HasSubscribers;

    public void Written(object key, object? value, bool deleted, long? timestamp) =>
        hub.Publish(new StoreWrite(partition, key, value, deleted, timestamp ?? recordTimestamp()));
}
