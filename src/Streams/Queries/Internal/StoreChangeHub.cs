namespace Streams.Queries.Internal;

/// <summary>
/// The push-query fan-out of one key-value store name (all local partitions): the stores' taps publish each write here on
/// the stream thread, and every subscriber gets it through its own bounded queue, so a slow or failing subscriber never
/// blocks or breaks the stream thread. Publishing with no subscriber is never called (the taps check
/// <see cref="HasSubscribers"/> first).
/// </summary>
internal sealed class StoreChangeHub(string storeName)
{
    private readonly object _gate = new();
    private volatile IStoreChangeSubscriber[] _subscribers = [];
    private bool _completed;

    /// <summary>The store name.</summary>
    public string StoreName { get; } = storeName;

    /// <summary>Whether anyone subscribes: one volatile read.</summary>
    public bool HasSubscribers => _subscribers.Length > 0;

    /// <summary>Hands one write to every subscriber's queue, without blocking.</summary>
    /// <param name="write">The write.</param>
    public void Publish(StoreWrite write)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Offer(write);
        }
    }

    /// <summary>Adds a subscriber; once the hub completed, the subscriber completes at once.</summary>
    /// <param name="subscriber">The subscriber.</param>
    public void Subscribe(IStoreChangeSubscriber subscriber)
    {
        lock (_gate)
        {
            if (!_completed)
            {
                _subscribers = [.. _subscribers, subscriber];
                return;
            }
        }

        subscriber.Complete();
    }

    /// <summary>Removes a subscriber (disposed, overflowed or failed); no-op when absent.</summary>
    /// <param name="subscriber">The subscriber.</param>
    public void Remove(IStoreChangeSubscriber subscriber)
    {
        lock (_gate)
        {
            if (Array.IndexOf(_subscribers, subscriber) >= 0)
            {
                _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, subscriber))];
            }
        }
    }

    /// <summary>The application stopped: every subscriber completes after the changes already queued for it.</summary>
    public void Complete()
    {
        IStoreChangeSubscriber[] subscribers;
        lock (_gate)
        {
            _completed = true;
            subscribers = _subscribers;
            _subscribers = [];
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.Complete();
        }
    }
}

/// <summary>One subscriber of a <see cref="StoreChangeHub"/>.</summary>
internal interface IStoreChangeSubscriber
{
    /// <summary>Queues a write without blocking; a full queue fails the subscription.</summary>
    /// <param name="write">The write.</param>
    void Offer(StoreWrite write);

    /// <summary>No more writes will come: complete after the queued ones.</summary>
    void Complete();
}

/// <summary>One write of a key-value store, untyped (the subscription casts it to its types).</summary>
/// <param name="Partition">The partition of the task whose store changed; -1 for a global store.</param>
/// <param name="Key">The key.</param>
/// <param name="Value">The plain new value, or null when deleted.</param>
/// <param name="Deleted">Whether the key was deleted.</param>
/// <param name="Timestamp">The timestamp of the change, epoch ms.</param>
internal sealed record StoreWrite(int Partition, object Key, object? Value, bool Deleted, long Timestamp);
