namespace Streams.State.Internal;

/// <summary>
/// A key-value bytes store in memory: a hash map for point reads plus a sorted key set for ranges,
/// as Kafka Streams' <c>InMemoryKeyValueStore</c>. Not persistent; restored from its changelog.
/// Range iterators read a snapshot of the keys taken when they are created. Counts the bytes of its keys and values
/// for <see cref="InMemoryStoreSizeMetric"/>.
/// </summary>
internal sealed class InMemoryKeyValueBytesStore : IKeyValueBytesStore, IBulkRestoreCallback
{
    // The entries by key, with the span lookup got once (getting it casts the comparer each time).
    private readonly Dictionary<byte[], byte[]>.AlternateLookup<ReadOnlySpan<byte>> _byKey =
        new Dictionary<byte[], byte[]>(ByteArrayComparer.Instance).GetAlternateLookup<ReadOnlySpan<byte>>();

    private SortedSet<byte[]> _sortedKeys = new(ByteArrayComparer.Instance);
    private bool _sortedKeysStale;
    private bool _ordered; // a read in key order happened since the store opened: from then on the sorted key set is kept up to date
    private long _bytes;
    private IDisposable? _sizeMetric;

    public InMemoryKeyValueBytesStore(string name) => Name = name;

    public string Name { get; }

    public bool Persistent => false;

    public bool IsOpen { get; private set; }

    public long ApproximateNumEntries => Map.Count;

    private Dictionary<byte[], byte[]> Map => _byKey.Dictionary;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        IsOpen = true;
        _sizeMetric ??= InMemoryStoreSizeMetric.Register(Name, context.TaskId, () => Volatile.Read(ref _bytes));
        context.Register(root, this);
    }

    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        EnsureOpen();
        return _byKey.TryGetValue(key, out var v) ? v : null;
    }

    public void Put(ReadOnlySpan<byte> key, byte[]? value)
    {
        EnsureOpen();
        if (value is null)
        {
            Delete(key);
            return;
        }

        if (_byKey.TryGetValue(key, out var actualKey, out var old))
        {
            Map[actualKey] = value;
            Volatile.Write(ref _bytes, _bytes + value.Length - old.Length);
        }
        else
        {
            var k = key.ToArray();
            Map[k] = value;
            KeepOrder(k, added: true);

            Volatile.Write(ref _bytes, _bytes + k.Length + value.Length);
        }
    }

    public void PutAll(IReadOnlyList<KeyValuePair<byte[], byte[]?>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var e in entries)
        {
            Put(e.Key, e.Value);
        }
    }

    public void Delete(ReadOnlySpan<byte> key)
    {
        EnsureOpen();
        if (_byKey.Remove(key, out var actualKey, out var old))
        {
            KeepOrder(actualKey, added: false);

            Volatile.Write(ref _bytes, _bytes - actualKey.Length - old.Length);
        }
    }

    public IKeyValueIterator<byte[], byte[]> Range(byte[]? from, byte[]? to) => Snapshot(KeysBetween(from, to));

    public IKeyValueIterator<byte[], byte[]> ReverseRange(byte[]? from, byte[]? to)
    {
        var keys = KeysBetween(from, to);
        Array.Reverse(keys);
        return Snapshot(keys);
    }

    public IKeyValueIterator<byte[], byte[]> PrefixScan(byte[] prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        EnsureOpen();
        var keys = new List<byte[]>();
        if (SortedKeys.Count == 0 || ByteArrayComparer.Instance.Compare(prefix, SortedKeys.Max) > 0)
        {
            return Snapshot([]);
        }

        foreach (var k in SortedKeys.GetViewBetween(prefix, SortedKeys.Max!))
        {
            if (!k.AsSpan().StartsWith(prefix))
            {
                break;
            }

            keys.Add(k);
        }

        return Snapshot(keys.ToArray());
    }

    /// <summary>
    /// Applies restored records to the hash map only, taking ownership of their key arrays (the restorer hands over the
    /// consumer's fresh arrays); the sorted key set is rebuilt once, in one sort, when it is next needed. Restoring
    /// thus costs one map update per record instead of a map update, a key copy and a tree insert.
    /// </summary>
    public void RestoreBatch(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        EnsureOpen();
        foreach (var (key, value) in records)
        {
            var bytes = _bytes;
            if (value is null)
            {
                if (Map.Remove(key, out var removed))
                {
                    bytes -= key.Length + removed.Length;
                }
            }
            else
            {
                bytes += Map.TryGetValue(key, out var previous) ? value.Length - previous.Length : key.Length + value.Length;
                Map[key] = value;
            }

            Volatile.Write(ref _bytes, bytes);
        }

        _sortedKeysStale |= records.Count > 0;
    }

    /// <summary>Nothing to prepare: <see cref="RestoreBatch"/> is always the bulk path.</summary>
    public void BeginRestore()
    {
    }

    /// <summary>
    /// Rebuilds the sorted key set now, as part of the restore, rather than on the first read after it, when the store has
    /// been read in key order since it opened (otherwise the set is built by the first such read).
    /// </summary>
    public void EndRestore()
    {
        if (_ordered)
        {
            _ = SortedKeys;
        }
    }

    public void Flush()
    {
    }

    public void Close()
    {
        IsOpen = false;
        Map.Clear();
        _sortedKeys.Clear();
        _sortedKeysStale = false;
        _ordered = false;
        _bytes = 0;
        _sizeMetric?.Dispose();
        _sizeMetric = null;
    }

    private byte[][] KeysBetween(byte[]? from, byte[]? to)
    {
        EnsureOpen();
        if (SortedKeys.Count == 0)
        {
            return [];
        }

        var lower = from ?? SortedKeys.Min!;
        var upper = to ?? SortedKeys.Max!;
        return ByteArrayComparer.Instance.Compare(lower, upper) > 0 ? [] : SortedKeys.GetViewBetween(lower, upper).ToArray();
    }

    private IKeyValueIterator<byte[], byte[]> Snapshot(byte[][] keys) =>
        new EnumeratorIterator<byte[], byte[]>(Read(keys), Name, () => IsOpen);

    private IEnumerable<KeyValuePair<byte[], byte[]>> Read(byte[][] keys)
    {
        foreach (var k in keys)
        {
            if (Map.TryGetValue(k, out var v))
            {
                yield return new(k, v);
            }
        }
    }

    /// <summary>
    /// The keys in order. Kept up to date by writes only once a read in key order has happened (a store only read by key,
    /// such as a tumbling-window aggregate's, never pays the tree insert per new key); built from the map, in one sort, by
    /// the first such read and after a restore. A read in key order of an empty store (such as a window store's index
    /// rebuild when it opens, before its restore) finds nothing to order and does not start the upkeep.
    /// </summary>
    private SortedSet<byte[]> SortedKeys
    {
        get
        {
            if (!_ordered && Map.Count == 0)
            {
                _sortedKeys.Clear();
                _sortedKeysStale = false;
                return _sortedKeys;
            }

            _ordered = true;
            if (_sortedKeysStale)
            {
                _sortedKeys = new SortedSet<byte[]>(Map.Keys, ByteArrayComparer.Instance);
                _sortedKeysStale = false;
            }

            return _sortedKeys;
        }
    }

    /// <summary>Applies a key added or removed to the sorted key set when it is kept up to date; otherwise marks it stale.</summary>
    private void KeepOrder(byte[] key, bool added)
    {
        if (!_ordered || _sortedKeysStale)
        {
            _sortedKeysStale = true;
        }
        else if (added)
        {
            _sortedKeys.Add(key);
        }
        else
        {
            _sortedKeys.Remove(key);
        }
    }

    private void EnsureOpen() => ObjectDisposedException.ThrowIf(!IsOpen, this);
}
