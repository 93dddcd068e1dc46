using Streams.State;
using Streams.State.Internal;

namespace Streams.Tests.State.Internal;

/// <summary>
/// Kafka Streams' <c>MergedSortedCacheKeyValueBytesStoreIteratorTest</c>
/// (streams/src/test/java/org/apache/kafka/streams/state/internals/MergedSortedCacheKeyValueBytesStoreIteratorTest.java),
/// ported: the streaming merge of a store's sorted cache range over the inner store's iterator. Kafka's
/// <c>shouldPeekNextKey</c> and <c>shouldPeekNextKeyReverse</c> are not ported: the iterators here have no
/// <c>peekNextKey</c> (the same order is pinned through <c>Current</c> by the range tests).
/// </summary>
public class MergedSortedCacheKeyValueBytesStoreIteratorTest
{
    private readonly InMemoryKeyValueBytesStore _store = new("one");
    private readonly NamedCache _cache = new(new RecordCache(10_000), sorted: true);

    public MergedSortedCacheKeyValueBytesStoreIteratorTest() => _store.Init(new Support.PlainStoreContext(), _store);

    /// <summary>Kafka: MergedSortedCacheKeyValueBytesStoreIteratorTest#shouldIterateOverRange.</summary>
    [Fact]
    public void ShouldIterateOverRange()
    {
        var bytes = Bytes(12);
        for (var i = 0; i < bytes.Length; i += 2)
        {
            _store.Put(bytes[i], bytes[i]);
            _cache.PutDirty(bytes[i + 1], bytes[i + 1]);
        }

        byte[] from = [2], to = [9];
        using var iterator = new MergedSortedCacheKeyValueBytesStoreIterator(_cache.Range(from, to), _store.Range(from, to), forward: true, "one", () => true);

        Values(iterator).Should().Equal(Enumerable.Range(2, 8).Select(b => (byte)b));
    }

    /// <summary>Kafka: MergedSortedCacheKeyValueBytesStoreIteratorTest#shouldReverseIterateOverRange.</summary>
    [Fact]
    public void ShouldReverseIterateOverRange()
    {
        var bytes = Bytes(12);
        for (var i = 0; i < bytes.Length; i += 2)
        {
            _store.Put(bytes[i], bytes[i]);
            _cache.PutDirty(bytes[i + 1], bytes[i + 1]);
        }

        byte[] from = [2], to = [9];
        using var iterator = new MergedSortedCacheKeyValueBytesStoreIterator(_cache.Range(from, to), _store.ReverseRange(from, to), forward: false, "one", () => true);

        Values(iterator).Should().Equal(Enumerable.Range(2, 8).Reverse().Select(b => (byte)b));
    }

    /// <summary>Kafka: MergedSortedCacheKeyValueBytesStoreIteratorTest#shouldSkipLargerDeletedCacheValue.</summary>
    [Fact]
    public void ShouldSkipLargerDeletedCacheValue()
    {
        _store.Put([0], [0]);
        _cache.PutDirty([1], null);

        using var iterator = CreateIterator();
        Keys(iterator).Should().Equal(0);
    }

    /// <summary>Kafka: MergedSortedCacheKeyValueBytesStoreIteratorTest#shouldSkipSmallerDeletedCachedValue.</summary>
    [Fact]
    public void ShouldSkipSmallerDeletedCachedValue()
    {
        _cache.PutDirty([0], null);
        _store.Put([1], [1]);

        using var iterator = CreateIterator();
        Keys(iterator).Should().Equal(1);
    }

    /// <summary>Kafka: MergedSortedCacheKeyValueBytesStoreIteratorTest#shouldIgnoreIfDeletedInCacheButExistsInStore.</summary>
    [Fact]
    public void ShouldIgnoreIfDeletedInCacheButExistsInStore()
    {
        _cache.PutDirty([0], null);
        _store.Put([0], [0]);

        using var iterator = CreateIterator();
        iterator.MoveNext().Should().BeFalse();
    }

    /// <summary>Kafka: MergedSortedCacheKeyValueBytesStoreIteratorTest#shouldNotHaveNextIfAllCachedItemsDeleted.</summary>
    [Fact]
    public void ShouldNotHaveNextIfAllCachedItemsDeleted()
    {
        foreach (var b in Bytes(3))
        {
            _store.Put(b, b);
            _cache.PutDirty(b, null);
        }

        using var iterator = CreateIterator();
        iterator.MoveNext().Should().BeFalse();
    }

    /// <summary>Kafka: MergedSortedCacheKeyValueBytesStoreIteratorTest#shouldNotHaveNextIfOnlyCacheItemsAndAllDeleted.</summary>
    [Fact]
    public void ShouldNotHaveNextIfOnlyCacheItemsAndAllDeleted()
    {
        foreach (var b in Bytes(3))
        {
            _cache.PutDirty(b, null);
        }

        using var iterator = CreateIterator();
        iterator.MoveNext().Should().BeFalse();
    }

    /// <summary>Kafka: MergedSortedCacheKeyValueBytesStoreIteratorTest#shouldSkipAllDeletedFromCache.</summary>
    [Fact]
    public void ShouldSkipAllDeletedFromCache()
    {
        var bytes = Bytes(12);
        foreach (var b in bytes)
        {
            _store.Put(b, b);
            _cache.PutDirty(b, b);
        }

        foreach (var i in new[] { 1, 2, 3, 8, 11 })
        {
            _cache.PutDirty(bytes[i], null);
        }

        using var iterator = CreateIterator();
        Keys(iterator).Should().Equal(0, 4, 5, 6, 7, 9, 10);
    }

    /// <summary>
    /// Not in Kafka's test: a cached delete hides the store's entry of the same key even when smaller store keys come
    /// before it (the two heads differ when the tombstone is reached first in the cache).
    /// </summary>
    [Fact]
    public void A_cached_delete_hides_its_store_entry_behind_smaller_store_keys_in_both_directions()
    {
        foreach (var b in Bytes(4))
        {
            _store.Put(b, b);
        }

        _cache.PutDirty([2], null);
        _cache.PutDirty([3], [33]);

        using (var forward = new MergedSortedCacheKeyValueBytesStoreIterator(_cache.Range(null, null), _store.Range(null, null), forward: true, "one", () => true))
        {
            Values(forward).Should().Equal(0, 1, 33);
        }

        using var backward = new MergedSortedCacheKeyValueBytesStoreIterator(_cache.Range(null, null), _store.ReverseRange(null, null), forward: false, "one", () => true);
        Values(backward).Should().Equal(33, 1, 0);
    }

    /// <summary>Not in Kafka's test: the cache's range is a snapshot, so writes while iterating do not break the iteration.</summary>
    [Fact]
    public void Writes_to_the_cache_while_iterating_do_not_invalidate_the_iterator()
    {
        foreach (var b in Bytes(4))
        {
            _cache.PutDirty(b, b);
        }

        using var iterator = CreateIterator();
        iterator.MoveNext().Should().BeTrue();
        _cache.PutDirty([9], [9]);
        _cache.PutDirty([1], [11]);

        Values(iterator).Should().Equal(11, 2, 3);
    }

    /// <summary>Not in Kafka's test: a cache range is O(range), and a prefix range stops at the first key without the prefix.</summary>
    [Fact]
    public void A_prefix_range_of_the_cache_takes_only_the_keys_with_the_prefix()
    {
        foreach (var key in new byte[][] { [1], [1, 0], [1, 5], [2], [2, 1] })
        {
            _cache.PutDirty(key, [key.Length == 1 ? key[0] : (byte)(key[0] * 10 + key[1])]);
        }

        var range = _cache.Range([1], null, [1]);
        try
        {
            Enumerable.Range(0, range.Count).Select(i => range[i].Key).Should().BeEquivalentTo(new byte[][] { [1], [1, 0], [1, 5] }, o => o.WithStrictOrdering());
        }
        finally
        {
            range.Release();
        }
    }

    private MergedSortedCacheKeyValueBytesStoreIterator CreateIterator() =>
        new(_cache.Range(null, null), _store.Range(null, null), forward: true, "one", () => true);

    private static byte[][] Bytes(int count) => Enumerable.Range(0, count).Select(i => new[] { (byte)i }).ToArray();

    private static List<byte> Values(MergedSortedCacheKeyValueBytesStoreIterator iterator)
    {
        var values = new List<byte>();
        while (iterator.MoveNext())
        {
            values.Add(iterator.Current.Value[0]);
        }

        return values;
    }

    private static List<byte> Keys(MergedSortedCacheKeyValueBytesStoreIterator iterator)
    {
        var keys = new List<byte>();
        while (iterator.MoveNext())
        {
            keys.Add(iterator.Current.Key[0]);
        }

        return keys;
    }
}
