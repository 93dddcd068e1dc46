namespace Streams.Dsl.Internal;

/// <summary>
/// A table update: the new and the old value, each with whether it is present (absent = the key did not exist
/// or is deleted), as Kafka Streams' <c>Change</c>. Presence is explicit because a value type cannot be null.
/// </summary>
internal readonly record struct Change<TValue>(TValue? NewValue, bool HasNewValue, TValue? OldValue, bool HasOldValue)
{
    /// <summary>A change whose presence follows nullness (for reference or nullable types).</summary>
    public Change(TValue? newValue, TValue? oldValue)
        : this(newValue, newValue is not null, oldValue, oldValue is not null)
    {
    }
}
