using System.Collections;

namespace Streams.State.Internal;

/// <summary>
/// Streams the merge of a record cache's entries of a range (in key order, a snapshot taken when the iterator opens)
/// over the inner store's iterator of the same range, forward or backward, as Kafka Streams'
/// <c>AbstractMergedSortedCacheStoreIterator</c>: where both hold a key the cache's entry wins, and a cached delete
/// (null value) hides the store's entry and is not returned. Nothing is copied but the cache's range snapshot; each
/// step compares the two heads once. Cached values are read when reached, so an entry updated after the iterator
/// opened is seen with its new value.
/// </summary>
/// <typeparam name="TKey">The key type of the inner store's iterator (bytes, or window start times).</typeparam>
internal abstract class MergedSortedCacheIterator<TKey> : IKeyValueIterator<TKey, byte[]>
{
    private readonly IKeyValueIterator<TKey, byte[]> _store;
    private readonly bool _forward;
    private readonly string _storeName;
    private readonly Func<bool> _isOpen;
    private CacheRange _cache;
    private int _cachePosition;
    private bool _storeHasNext;
    private KeyValuePair<TKey, byte[]> _storeNext;
    private SinglePassEnumeration _enumeration;
    private bool _disposed;

    /// <summary>Opens the merge; it owns both sides and releases them on dispose.</summary>
    /// <param name="cache">The cache's entries of the range, ascending (a backward merge reads them from the end).</param>
    /// <param name="store">The inner store's iterator of the same range, in the same direction as the merge.</param>
    /// <param name="forward">True for ascending order.</param>
    /// <param name="storeName">The store's name, for <see cref="ObjectDisposedException"/>.</param>
    /// <param name="isOpen">Whether the store is still open.</param>
    protected MergedSortedCacheIterator(CacheRange cache, IKeyValueIterator<TKey, byte[]> store, bool forward, string storeName, Func<bool> isOpen)
    {
        _cache = cache;
        _store = store;
        _forward = forward;
        _storeName = storeName;
        _isOpen = isOpen;
        _cachePosition = forward ? 0 : cache.Count - 1;
        AdvanceStore();
    }

    /// <inheritdoc/>
    public KeyValuePair<TKey, byte[]> Current { get; private set; }

    object IEnumerator.Current => Current;

    /// <summary>Compares a cache key with a store key in the store's ascending order.</summary>
    protected abstract int Compare(byte[] cacheKey, TKey storeKey);

    /// <summary>The store-side key of a cache key.</summary>
    protected abstract TKey KeyOf(byte[] cacheKey);

    /// <summary>Whether a cached entry belongs in this read (the cache's byte range may hold entries the read does not want).</summary>
    protected virtual bool Includes(byte[] cacheKey) => true;

    /// <inheritdoc/>
    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(_disposed || !_isOpen(), _storeName);
        while (true)
        {
            var cached = NextCached();
            if (cached is null)
            {
                if (!_storeHasNext)
                {
                    return false;
                }

                Current = _storeNext;
                AdvanceStore();
                return true;
            }

            if (_storeHasNext)
            {
                var comparison = Compare(cached.Key, _storeNext.Key);
                if (!_forward)
                {
                    comparison = -comparison;
                }

                if (comparison > 0)
                {
                    // The store's entry comes first.
                    Current = _storeNext;
                    AdvanceStore();
                    return true;
                }

                if (comparison == 0)
                {
                    AdvanceStore(); // the cache's entry replaces (or, deleted, hides) the store's
                }
            }

            AdvanceCache();
            if (cached.Value is { } value)
            {
                Current = new KeyValuePair<TKey, byte[]>(KeyOf(cached.Key), value);
                return true;
            }

            // A cached delete: skip it (its store entry, when there was one, was skipped with it).
        }
    }

    IEnumerator<KeyValuePair<TKey, byte[]>> IEnumerable<KeyValuePair<TKey, byte[]>>.GetEnumerator()
    {
        _enumeration.Begin();
        return this;
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<KeyValuePair<TKey, byte[]>>)this).GetEnumerator();

    /// <inheritdoc/>
    public void Reset() => throw new NotSupportedException("Store iterators are forward-only.");

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _cache.Release();
        _store.Dispose();
    }

    private NamedCache.Entry? NextCached()
    {
        while (_forward ? _cachePosition < _cache.Count : _cachePosition >= 0)
        {
            var entry = _cache[_cachePosition];
            if (Includes(entry.Key))
            {
                return entry;
            }

            AdvanceCache();
        }

        return null;
    }

    private void AdvanceCache() => _cachePosition += _forward ? 1 : -1;

    private void AdvanceStore()
    {
        _storeHasNext = _store.MoveNext();
        _storeNext = _storeHasNext ? _store.Current : default;
    }
}

/// <summary>The merge for key-value range and prefix reads, as Kafka Streams' <c>MergedSortedCacheKeyValueBytesStoreIterator</c>.</summary>
internal sealed class MergedSortedCacheKeyValueBytesStoreIterator(
    CacheRange cache, IKeyValueIterator<byte[], byte[]> store, bool forward, string storeName, Func<bool> isOpen)
    : MergedSortedCacheIterator<byte[]>(cache, store, forward, storeName, isOpen)
{
    protected override int Compare(byte[] cacheKey, byte[] storeKey) => cacheKey.AsSpan().SequenceCompareTo(storeKey);

    protected override byte[] KeyOf(byte[] cacheKey) => cacheKey;
}

/// <summary>
/// The merge for one key's windows by start time, as Kafka Streams' <c>MergedSortedCacheWindowStoreIterator</c>: cache
/// keys are <see cref="WindowKeySchema"/> store keys (key bytes and start), the store's keys are the starts.
/// </summary>
internal sealed class MergedSortedCacheWindowStoreIterator(
    CacheRange cache, IKeyValueIterator<long, byte[]> store, bool forward, byte[] key, long timeFromMs, long timeToMs, Func<long, bool> isExpired, string storeName, Func<bool> isOpen)
    : MergedSortedCacheIterator<long>(cache, store, forward, storeName, isOpen)
{
    protected override int Compare(byte[] cacheKey, long storeKey) => WindowKeySchema.ReadTimestamp(cacheKey).CompareTo(storeKey);

    protected override long KeyOf(byte[] cacheKey) => WindowKeySchema.ReadTimestamp(cacheKey);

    /// <summary>
    /// The cache's byte range <c>[key || from, key || to]</c> can hold longer keys that start with the key's bytes: only
    /// this key's unexpired windows in the time range belong.
    /// </summary>
    protected override bool Includes(byte[] cacheKey)
    {
        if (cacheKey.Length != key.Length + WindowKeySchema.TimestampSize || !cacheKey.AsSpan(0, key.Length).SequenceEqual(key))
        {
            return false;
        }

        var start = WindowKeySchema.ReadTimestamp(cacheKey);
        return start >= timeFromMs && start <= timeToMs && !isExpired(start);
    }
}
