using System.Diagnostics.CodeAnalysis;
using Streams.State;
using Streams.State.Internal;

namespace Streams.TestDriver.Internal;

/// <summary>
/// A timestamped key-value store seen as a plain one: reads drop the timestamps, writes store
/// <see cref="NoTimestamp"/>, as Kafka Streams' <c>KeyValueStoreFacade</c> in the test driver.
/// </summary>
internal sealed class KeyValueStoreFacade<TKey, TValue>(ITimestampedKeyValueStore<TKey, TValue> inner) : IKeyValueStore<TKey, TValue>
{
    /// <summary>Kafka's <c>ConsumerRecord.NO_TIMESTAMP</c>.</summary>
    public const long NoTimestamp = -1;

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public long ApproximateNumEntries => inner.ApproximateNumEntries;

    public void Init(IStateStoreContext context, IStateStore root) => inner.Init(context, root);

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

    public void Put(TKey key, TValue? value) => inner.Put(key, value is null ? null : new ValueAndTimestamp<TValue>(value, NoTimestamp));

    public void Delete(TKey key) => inner.Delete(key);

    public IKeyValueIterator<TKey, TValue> Range(TKey? from, TKey? to) => Unstamp(inner.Range(from, to));

    public IKeyValueIterator<TKey, TValue> ReverseRange(TKey? from, TKey? to) => Unstamp(inner.ReverseRange(from, to));

    public IKeyValueIterator<TKey, TValue> All() => Unstamp(inner.All());

    public IKeyValueIterator<TKey, TValue> ReverseAll() => Unstamp(inner.ReverseAll());

    public IKeyValueIterator<TKey, TValue> PrefixScan<TPrefix>(TPrefix prefix, Confluent.Kafka.ISerializer<TPrefix> prefixKeySerializer) =>
        Unstamp(inner.PrefixScan(prefix, prefixKeySerializer));

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();

    private EnumeratorIterator<TKey, TValue> Unstamp(IKeyValueIterator<TKey, ValueAndTimestamp<TValue>> stamped) =>
        new(Read(stamped), Name, () => IsOpen);

    private static IEnumerable<KeyValuePair<TKey, TValue>> Read(IKeyValueIterator<TKey, ValueAndTimestamp<TValue>> stamped)
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
