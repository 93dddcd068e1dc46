namespace Streams.State.Internal;

/// <summary>
/// A typed key-value store whose writes (put and delete through its top layer) can be tapped for push queries. The tap
/// is called on the writing (stream) thread after the write, in write order; restoration writes below this layer and
/// is never tapped.
/// </summary>
internal interface IObservableKeyValueStore : IStateStore
{
    /// <summary>The key type of the store.</summary>
    Type KeyType { get; }

    /// <summary>The plain value type (for timestamped stores the type inside <see cref="ValueAndTimestamp{TValue}"/>).</summary>
    Type ValueType { get; }

    /// <summary>Routes later writes to <paramref name="sink"/>, or stops when null.</summary>
    /// <param name="sink">The tap.</param>
    void ObserveWrites(IStoreWriteSink? sink);
}

/// <summary>Receives the writes of an <see cref="IObservableKeyValueStore"/>.</summary>
internal interface IStoreWriteSink
{
    /// <summary>Whether anyone listens; stores check it before allocating anything for the tap.</summary>
    bool IsObserved { get; }

    /// <summary>One write, on the writing thread.</summary>
    /// <param name="key">The key (boxed).</param>
    /// <param name="value">The plain new value, or null when deleted.</param>
    /// <param name="deleted">Whether the key was deleted.</param>
    /// <param name="timestamp">The value's timestamp for timestamped stores, else null (the record timestamp applies).</param>
    void Written(object key, object? value, bool deleted, long? timestamp);
}
