using System.Diagnostics.CodeAnalysis;
using Confluent.Kafka;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Queries.Internal;

/// <summary>A timestamped key-value store read as a plain one (timestamps dropped), as Kafka Streams' <c>ReadOnlyKeyValueStoreFacade</c>.</summary>
internal sealed class ReadOnlyKeyValueStoreFacade<TKey, TValue>(ITimestampedKeyValueStore<TKey, TValue> inner) : IReadOnlyKeyValueStore<TKey, TValue>
{
    public long ApproximateNumEntries => inner.ApproximateNumEntries;

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (inner.TryGet(key, out var stamped))
        {
            value = stamped.Value;
            return true;
        }

        value = default;
        return false;
    }

    public TValue? Get(TKey key) => TryGet(key, out var value) ? value : default;

    public IKeyValueIterator<TKey, TValue> Range(TKey? from, TKey? to) => Plain(inner.Range(from, to));

    public IKeyValueIterator<TKey, TValue> ReverseRange(TKey? from, TKey? to) => Plain(inner.ReverseRange(from, to));

    public IKeyValueIterator<TKey, TValue> All() => Plain(inner.All());

    public IKeyValueIterator<TKey, TValue> ReverseAll() => Plain(inner.ReverseAll());

    public IKeyValueIterator<TKey, TValue> PrefixScan<TPrefix>(TPrefix prefix, ISerializer<TPrefix> prefixKeySerializer) =>
        Plain(inner.PrefixScan(prefix, prefixKeySerializer));

    private EnumeratorIterator<TKey, TValue> Plain(IKeyValueIterator<TKey, ValueAndTimestamp<TValue>> stamped) =>
        new(Values(stamped), inner.Name, () => inner.IsOpen);

    private static IEnumerable<KeyValuePair<TKey, TValue>> Values(IKeyValueIterator<TKey, ValueAndTimestamp<TValue>> stamped)
    {
        using (stamped)
        {
            while (stamped.MoveNext())
            {
                yield return new(stamped.Current.Key, stamped.Current.Value.Value);
            }
        }
    }
}
