namespace Streams.State.Internal;

/// <summary>
/// A key-value bytes store in memory: a hash map for point reads plus a sorted key set for ranges,
/// as Kafka Streams' <c>InMemoryKeyValueStore</c>. Not persistent; restored from its changelog.
/// Range iterators read a snapshot of the keys taken when they are created. Counts the bytes of its keys and values
/// for <see cref="InMemoryStoreSizeMetric"/>.
/// </summary>
internal sealed class InMemoryKeyValueBytesStore : IKeyValueBytesStore, IStateRestoreCallback
{
    private readonly Dictionary<byte[], byte[]> _map = new(ByteArrayComparer.Instance);
    private readonly SortedSet<byte[]> _keys = new(ByteArrayComparer.Instance);
    private long _bytes;
    private IDisposable? _sizeMetric;

    public InMemoryKeyValueBytesStore(string name) => Name = name;

    public string Name { get; }

    public bool Persistent => false;

    public bool IsOpen { get; private set; }

    public long ApproximateNumEntries => _map.Count;

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
        return _map.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out var v) ? v : null;
    }

    public void Put(ReadOnlySpan<byte> key, byte[]? value)
    {
        EnsureOpen();
        if (value is null)
        {
            Delete(key);
            return;
        }

        var lookup = _map.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (lookup.TryGetValue(key, out var actualKey, out var old))
        {
            _map[actualKey] = value;
            Volatile.Write(ref _bytes, _bytes + value.Length - old.Length);
        }
        else
        {
            var k = key.ToArray();
            _map[k] = value;
            _keys.Add(k);
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
        var lookup = _map.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (lookup.Remove(key, out var actualKey, out var old))
        {
            _keys.Remove(actualKey);
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
        if (_keys.Count == 0 || ByteArrayComparer.Instance.Compare(prefix, _keys.Max) > 0)
        {
            return Snapshot([]);
        }

        foreach (var k in _keys.GetViewBetween(prefix, _keys.Max!))
        {
            if (!k.AsSpan().StartsWith(prefix))
            {
                break;
            }

            keys.Add(k);
        }

        return Snapshot(keys.ToArray());
    }

    public void RestoreBatch(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records) => PutAll(records);

    public void Flush()
    {
    }

    public void Close()
    {
        IsOpen = false;
        _map.Clear();
        _keys.Clear();
        _bytes = 0;
        _sizeMetric?.Dispose();
        _sizeMetric = null;
    }

    private byte[][] KeysBetween(byte[]? from, byte[]? to)
    {
        EnsureOpen();
        if (_keys.Count == 0)
        {
            return [];
        }

        var lower = from ?? _keys.Min!;
        var upper = to ?? _keys.Max!;
        return ByteArrayComparer.Instance.Compare(lower, upper) > 0 ? [] : _keys.GetViewBetween(lower, upper).ToArray();
    }

    private IKeyValueIterator<byte[], byte[]> Snapshot(byte[][] keys) =>
        new EnumeratorIterator<byte[], byte[]>(Read(keys), Name, () => IsOpen);

    private IEnumerable<KeyValuePair<byte[], byte[]>> Read(byte[][] keys)
    {
        foreach (var k in keys)
        {
            if (_map.TryGetValue(k, out var v))
            {
                yield return new(k, v);
            }
        }
    }

    private void EnsureOpen() => ObjectDisposedException.ThrowIf(!IsOpen, this);
}
