namespace Streams.State.Internal;

/// <summary>
/// A table update: the new and the old value, each with whether it is present (absent = the key did not exist
/// or is deleted), as Kafka Streams' <c>Change</c>. Presence is explicit because a value type cannot be null.
/// <see cref="IsLatest"/> (KIP-914) is false when a versioned table stored the new value as an older version
/// (an out-of-order update): operators that keep only the latest state (table joins, table aggregations) ignore such changes.
/// </summary>
internal readonly record struct Change<TValue>(TValue? NewValue, bool HasNewValue, TValue? OldValue, bool HasOldValue)
{
    /// <summary>True unless the new value is older than the key's latest version in a versioned table (Kafka Streams' <c>Change.isLatest</c>).</summary>
    public bool IsLatest { get; init; } = true;

    /// <summary>A change whose presence follows nullness (for reference or nullable types).</summary>
    public Change(TValue? newValue, TValue? oldValue)
        : this(newValue, newValue is not null, oldValue, oldValue is not null)
    {
    }
}
