using System.Diagnostics.CodeAnalysis;
using Confluent.Kafka;
using Streams.State;

namespace Streams.Queries.Internal;

/// <summary>
/// The key-value view over every local partition of a store (or the one asked for), as Kafka Streams'
/// <c>CompositeReadOnlyKeyValueStore</c>: a point read asks each partition in turn and returns the first hit; ranges,
/// prefix scans and <c>All</c> concatenate the partitions (each in key order, partitions by number; not merged into
/// one global order), each partition copied under its lock.
/// </summary>
internal sealed class CompositeReadOnlyKeyValueStore<TKey, TValue>(StoreViewProvider provider, Func<IStateStore, IReadOnlyKeyValueStore<TKey, TValue>> adapt)
    : IReadOnlyKeyValueStore<TKey, TValue>
{
    public long ApproximateNumEntries
    {
        get
        {
            long total = 0;
            foreach (var store in provider.Stores())
            {
                var count = provider.Read(store, s => adapt(s).ApproximateNumEntries);
                total = count > long.MaxValue - total ? long.MaxValue : total + count;
            }

            return total;
        }
    }

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var store in provider.Stores())
        {
            var (found, v) = provider.Read(store, s => adapt(s).TryGet(key, out var x) ? (true, x) : (false, default));
            if (found)
            {
                value = v!;
                return true;
            }
        }

        value = default;
        return false;
    }

    public TValue? Get(TKey key) => TryGet(key, out var value) ? value : default;

    public IKeyValueIterator<TKey, TValue> Range(TKey? from, TKey? to) => provider.Concat(s => adapt(s).Range(from, to));

    public IKeyValueIterator<TKey, TValue> ReverseRange(TKey? from, TKey? to) => provider.Concat(s => adapt(s).ReverseRange(from, to));

    public IKeyValueIterator<TKey, TValue> All() => provider.Concat(s => adapt(s).All());

    public IKeyValueIterator<TKey, TValue> ReverseAll() => provider.Concat(s => adapt(s).ReverseAll());

    public IKeyValueIterator<TKey, TValue> PrefixScan<TPrefix>(TPrefix prefix, ISerializer<TPrefix> prefixKeySerializer)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(prefixKeySerializer);
        return provider.Concat(s => adapt(s).PrefixScan(prefix, prefixKeySerializer));
    }
}
