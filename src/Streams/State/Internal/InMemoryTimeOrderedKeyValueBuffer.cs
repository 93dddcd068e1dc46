using Streams.Dsl.Internal;
using Streams.Serialization;

namespace Streams.State.Internal;

/// <summary>
/// The buffer of a suppression, as Kafka Streams' <c>InMemoryTimeOrderedKeyValueChangeBuffer</c>: one entry per
/// key, ordered by buffer time (then key bytes), holding the latest <see cref="Change{TValue}"/> of the key with
/// the context of the record that produced it, plus the key's prior value. A later put of a buffered key replaces
/// its change but keeps its buffer time and prior value ("non-resetting"). It tracks its size in entries and
/// estimated bytes. Not persistent: with logging on, every entry changed since the last commit is written to the
/// changelog on <see cref="Flush"/> (the entry, or a tombstone once evicted), and the buffer is restored from it.
/// </summary>
internal sealed class InMemoryTimeOrderedKeyValueBuffer<TKey, TValue> : IStateStore, IStateRestoreCallback
{
    private readonly Dictionary<byte[], Entry> _index = new(ByteArrayComparer.Instance);
    private readonly SortedSet<Entry> _byTime = new(EntryOrder.Instance);
    private readonly HashSet<byte[]> _dirty = new(ByteArrayComparer.Instance);
    private readonly StateSerdes<TKey, TValue> _serdes;
    private readonly bool _loggingEnabled;
    private IChangelogContext? _changelog;

    public InMemoryTimeOrderedKeyValueBuffer(string name, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, bool loggingEnabled)
    {
        Name = name;
        _serdes = new StateSerdes<TKey, TValue>(name, keySerde, valueSerde);
        _loggingEnabled = loggingEnabled;
    }

    public string Name { get; }

    public bool Persistent => false;

    public bool IsOpen { get; private set; }

    /// <summary>Buffered keys.</summary>
    public int NumRecords => _index.Count;

    /// <summary>Estimated bytes held: per entry 8 (buffer time) + key + values + record context.</summary>
    public long BufferSize { get; private set; }

    /// <summary>The smallest buffer time, or <see cref="long.MaxValue"/> when empty.</summary>
    public long MinTimestamp => _byTime.Count == 0 ? long.MaxValue : _byTime.Min!.Time;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        _serdes.UseChangelogOf(context.ApplicationId);
        _changelog = _loggingEnabled && context is IChangelogContext c && c.IsLoggingEnabled(Name) ? c : null;
        context.Register(root, this);
        IsOpen = true;
    }

    /// <summary>Buffers <paramref name="change"/> of <paramref name="key"/> at <paramref name="bufferTime"/> (kept when the key is already buffered).</summary>
    public void Put(long bufferTime, TKey key, Change<TValue> change, BufferedRecordContext context)
    {
        EnsureOpen();
        var rawKey = _serdes.RawKey(key);
        var old = change.HasOldValue ? _serdes.RawValue(change.OldValue) : null;
        var @new = change.HasNewValue ? _serdes.RawValue(change.NewValue) : null;
        var prior = _index.TryGetValue(rawKey, out var existing) ? existing.Value.Prior : old;
        CleanPut(bufferTime, rawKey, new BufferValue(prior, old, @new, context));
        if (_changelog is not null)
        {
            _dirty.Add(rawKey);
        }
    }

    /// <summary>
    /// While <paramref name="predicate"/> holds and the buffer is not empty, hands the entry with the smallest buffer
    /// time to <paramref name="callback"/> and removes it.
    /// </summary>
    public void EvictWhile(Func<bool> predicate, Action<Eviction> callback)
    {
        EnsureOpen();
        while (_byTime.Count > 0 && predicate())
        {
            var entry = _byTime.Min!;
            var value = entry.Value;
            var change = new Change<TValue>(
                value.New is null ? default : _serdes.ValueFrom(value.New), value.New is not null,
                value.Old is null ? default : _serdes.ValueFrom(value.Old), value.Old is not null);
            callback(new Eviction(_serdes.KeyFrom(entry.Key), change, value.Context));
            Remove(entry);
            if (_changelog is not null)
            {
                _dirty.Add(entry.Key);
            }
        }
    }

    /// <summary>
    /// For a buffered key, the value downstream last saw (the table's value before the key was first buffered; null
    /// when it had none), with an unknown (-1) timestamp, as Kafka Streams' <c>priorValueForBuffered</c>.
    /// </summary>
    /// <returns>False when the key is not buffered (the suppressed view then equals the upstream table).</returns>
    public bool TryGetPriorValue(TKey key, out ValueAndTimestamp<TValue>? prior)
    {
        EnsureOpen();
        if (!_index.TryGetValue(_serdes.RawKey(key), out var entry))
        {
            prior = null;
            return false;
        }

        prior = entry.Value.Prior is null ? null : new ValueAndTimestamp<TValue>(_serdes.ValueFrom(entry.Value.Prior), -1);
        return true;
    }

    public void RestoreBatch(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            // A logged entry is the key's whole state, buffer time included (the key may have been evicted and
            // buffered again within one commit, so only its latest entry was logged): replace, do not merge.
            if (_index.TryGetValue(record.Key, out var entry))
            {
                Remove(entry);
            }

            if (record.Value is not null)
            {
                var (time, value) = BufferValue.Deserialize(record.Value);
                CleanPut(time, record.Key, value);
            }
        }
    }

    /// <summary>Writes every entry changed since the last flush to the changelog: its current value, or a tombstone once evicted.</summary>
    public void Flush()
    {
        if (_changelog is null || _dirty.Count == 0)
        {
            return;
        }

        foreach (var key in _dirty)
        {
            if (_index.TryGetValue(key, out var entry))
            {
                _changelog.LogChange(Name, key, entry.Value.Serialize(entry.Time), entry.Value.Context.Timestamp);
            }
            else
            {
                _changelog.LogChange(Name, key, null, _changelog.RecordTimestamp);
            }
        }

        _dirty.Clear();
    }

    public void Close()
    {
        IsOpen = false;
        _index.Clear();
        _byTime.Clear();
        _dirty.Clear();
        BufferSize = 0;
    }

    private void CleanPut(long time, byte[] key, BufferValue value)
    {
        if (_index.TryGetValue(key, out var existing))
        {
            BufferSize += SizeOf(key, value) - SizeOf(key, existing.Value);
            existing.Value = value;
            return;
        }

        var entry = new Entry(time, key, value);
        _index.Add(key, entry);
        _byTime.Add(entry);
        BufferSize += SizeOf(key, value);
    }

    private void Remove(Entry entry)
    {
        _byTime.Remove(entry);
        _index.Remove(entry.Key);
        BufferSize -= SizeOf(entry.Key, entry.Value);
    }

    private static long SizeOf(byte[] key, BufferValue value) => 8 + key.Length + value.SizeEstimate;

    private void EnsureOpen() => ObjectDisposedException.ThrowIf(!IsOpen, this);

    /// <summary>An evicted entry: the key, its latest change and the context of the record that produced it.</summary>
    internal readonly record struct Eviction(TKey Key, Change<TValue> Value, BufferedRecordContext Context);

    private sealed class Entry(long time, byte[] key, BufferValue value)
    {
        public long Time { get; } = time;

        public byte[] Key { get; } = key;

        public BufferValue Value { get; set; } = value;
    }

    private sealed class EntryOrder : IComparer<Entry>
    {
        public static readonly EntryOrder Instance = new();

        public int Compare(Entry? x, Entry? y)
        {
            if (ReferenceEquals(x, y)) { return 0; }
            if (x is null) { return -1; }
            if (y is null) { return 1; }
            var byTime = x.Time.CompareTo(y.Time);
            return byTime != 0 ? byTime : ByteArrayComparer.Instance.Compare(x.Key, y.Key);
        }
    }
}
