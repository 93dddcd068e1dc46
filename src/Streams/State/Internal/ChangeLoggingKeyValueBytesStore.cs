namespace Streams.State.Internal;

/// <summary>
/// Sends every write to the store's changelog topic before applying it to the inner bytes store, as
/// Kafka Streams' <c>ChangeLoggingKeyValueBytesStore</c>.
/// </summary>
internal sealed class ChangeLoggingKeyValueBytesStore(IKeyValueBytesStore inner) : IKeyValueBytesStore
{
    private IChangelogContext? _context;
    private IChangelogContext? _persistentWrites;

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public long ApproximateNumEntries => inner.ApproximateNumEntries;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        _context = context as IChangelogContext;
        if (_context is not null && !_context.IsLoggingEnabled(Name))
        {
            _context = null;
        }

        _persistentWrites = IChangelogContext.Track(_context, Name, inner.Persistent);

        inner.Init(context, root);
    }

    public byte[]? Get(ReadOnlySpan<byte> key) => inner.Get(key);

    public void Put(ReadOnlySpan<byte> key, byte[]? value)
    {
        _persistentWrites?.BeforePersistentWrite();
        inner.Put(key, value);
        _context?.LogChange(Name, key.ToArray(), value, _context.RecordTimestamp);
    }

    /// <summary>
    /// <see cref="Put"/> of a key array nobody modifies (a cache entry's): the changelog record takes the array itself
    /// instead of a copy of the key.
    /// </summary>
    internal void PutImmutableKey(byte[] key, byte[]? value)
    {
        _persistentWrites?.BeforePersistentWrite();
        inner.Put(key, value);
        _context?.LogChange(Name, key, value, _context.RecordTimestamp);
    }

    public void PutAll(IReadOnlyList<KeyValuePair<byte[], byte[]?>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _persistentWrites?.BeforePersistentWrite();
        inner.PutAll(entries);
        if (_context is not null)
        {
            foreach (var e in entries)
            {
                _context.LogChange(Name, e.Key, e.Value, _context.RecordTimestamp);
            }
        }
    }

    public void Delete(ReadOnlySpan<byte> key) => Put(key, null);

    public IKeyValueIterator<byte[], byte[]> Range(byte[]? from, byte[]? to) => inner.Range(from, to);

    public IKeyValueIterator<byte[], byte[]> ReverseRange(byte[]? from, byte[]? to) => inner.ReverseRange(from, to);

    public IKeyValueIterator<byte[], byte[]> PrefixScan(byte[] prefix) => inner.PrefixScan(prefix);

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();
}
