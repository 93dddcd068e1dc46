using System.Reactive.Linq;
using Confluent.Kafka;
using Streams.State.Internal;

namespace Streams.Queries;

/// <summary>
/// Filters for push queries (<see cref="StreamsApplication.ObserveStore{TKey, TValue}(string)"/>): the changes of one
/// key, or of a key range in the order store ranges use (serialized key bytes, unsigned lexicographic, as Kafka Streams'
/// <c>range</c>). Plain Rx operators (<c>System.Reactive.Linq</c>) compose with them.
/// </summary>
public static class StoreChangeObservables
{
    /// <summary>Only the changes of <paramref name="key"/>, in the order they were written.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The store's changes.</param>
    /// <param name="key">The key; not null.</param>
    /// <param name="comparer">Compares keys; default <see cref="EqualityComparer{T}.Default"/>.</param>
    /// <returns>The filtered observable.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="key"/> is null.</exception>
    public static IObservable<StoreChange<TKey, TValue>> WhereKey<TKey, TValue>(
        this IObservable<StoreChange<TKey, TValue>> source, TKey key, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(key);
        var equality = comparer ?? EqualityComparer<TKey>.Default;
        return source.Where(change => equality.Equals(change.Key, key));
    }

    /// <summary>
    /// Only the changes of keys from <paramref name="from"/> to <paramref name="to"/>, both inclusive, compared as the
    /// store's range reads compare them: by the bytes <paramref name="keySerializer"/> produces (unsigned lexicographic).
    /// A null bound is open. Use the store's key serializer, so the range matches what <c>Range(from, to)</c> returns.
    /// Every change's key is serialized once (with the store name as topic) to compare it.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="source">The store's changes.</param>
    /// <param name="from">The smallest key, or null for no lower bound.</param>
    /// <param name="to">The largest key, or null for no upper bound.</param>
    /// <param name="keySerializer">The store's key serializer.</param>
    /// <returns>The filtered observable.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="keySerializer"/> is null.</exception>
    public static IObservable<StoreChange<TKey, TValue>> WhereKeyInRange<TKey, TValue>(
        this IObservable<StoreChange<TKey, TValue>> source, TKey? from, TKey? to, ISerializer<TKey> keySerializer)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(keySerializer);
        byte[]? Serialize(TKey? key, string topic) => key is null ? null : keySerializer.Serialize(key, new SerializationContext(MessageComponentType.Key, topic));
        Tuple<string, byte[]?, byte[]?>? bounds = null;
        return source.Where(change =>
        {
            // Serialized once per store name; a reference swap, so concurrent subscriptions may share it safely.
            var b = bounds;
            if (b is null || b.Item1 != change.StoreName)
            {
                bounds = b = Tuple.Create(change.StoreName, Serialize(from, change.StoreName), Serialize(to, change.StoreName));
            }

            var key = Serialize(change.Key, change.StoreName);
            return (b.Item2 is null || ByteArrayComparer.Instance.Compare(b.Item2, key) <= 0) && (b.Item3 is null || ByteArrayComparer.Instance.Compare(key, b.Item3) <= 0);
        });
    }
}
