using Streams.Dsl;

namespace Streams.State.Internal;

/// <summary>
/// Sends every window write to the store's changelog (key = <see cref="WindowKeySchema"/> store key),
/// as Kafka Streams' <c>ChangeLoggingWindowBytesStore</c>. Over a store that retains duplicates, the changelog
/// key carries the sequence number too; it is counted here in step with the inner store (both count every non-null
/// put), as Kafka Streams does, and puts of null (which such a store ignores) are not logged.
/// </summary>
internal sealed class ChangeLoggingWindowBytesStore(IWindowBytesStore inner, bool retainDuplicates = false) : IWindowBytesStore
{
    private IChangelogContext? _context;
    private IChangelogContext? _persistentWrites;
    private int _sequenceNumber;

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public long RetentionPeriodMs => inner.RetentionPeriodMs;

    public long WindowSizeMs => inner.WindowSizeMs;

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

    public void Put(ReadOnlySpan<byte> key, byte[]? value, long windowStartMs)
    {
        _persistentWrites?.BeforePersistentWrite();
        inner.Put(key, value, windowStartMs);
        if (!retainDuplicates)
        {
            _context?.LogChange(Name, WindowKeySchema.ToStoreKey(key, windowStartMs), value, _context.RecordTimestamp);
            return;
        }

        if (value is null)
        {
            return;
        }

        _sequenceNumber = WindowKeySchema.NextSequenceNumber(_sequenceNumber);
        _context?.LogChange(Name, WindowKeySchema.ToStoreKey(key, windowStartMs, _sequenceNumber), value, _context.RecordTimestamp);
    }

    /// <summary>
    /// <see cref="Put"/> given the <see cref="WindowKeySchema"/> store key (key bytes and start) as an array nobody
    /// modifies (a cache entry's): the changelog record takes it instead of building the key again. Over a store that
    /// retains duplicates the changelog key needs the sequence number, so this falls back to <see cref="Put"/>.
    /// </summary>
    internal void PutStoreKey(byte[] storeKey, byte[]? value)
    {
        var key = storeKey.AsSpan(0, storeKey.Length - WindowKeySchema.TimestampSize);
        var windowStartMs = WindowKeySchema.ReadTimestamp(storeKey);
        if (retainDuplicates)
        {
            Put(key, value, windowStartMs);
            return;
        }

        _persistentWrites?.BeforePersistentWrite();
        inner.Put(key, value, windowStartMs);
        _context?.LogChange(Name, storeKey, value, _context.RecordTimestamp);
    }

    public byte[]? Fetch(ReadOnlySpan<byte> key, long windowStartMs) => inner.Fetch(key, windowStartMs);

    public IKeyValueIterator<long, byte[]> Fetch(byte[] key, long timeFromMs, long timeToMs) => inner.Fetch(key, timeFromMs, timeToMs);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> FetchAll(long timeFromMs, long timeToMs) => inner.FetchAll(timeFromMs, timeToMs);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> All() => inner.All();

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();
}
