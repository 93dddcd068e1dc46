using Streams.Dsl;

namespace Streams.State.Internal;

/// <summary>
/// Sends every window write to the store's changelog (key = <see cref="WindowKeySchema"/> store key),
/// as Kafka Streams' <c>ChangeLoggingWindowBytesStore</c>.
/// </summary>
internal sealed class ChangeLoggingWindowBytesStore(IWindowBytesStore inner) : IWindowBytesStore
{
    private IChangelogContext? _context;

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

        inner.Init(context, root);
    }

    public void Put(ReadOnlySpan<byte> key, byte[]? value, long windowStartMs)
    {
        inner.Put(key, value, windowStartMs);
        _context?.LogChange(Name, WindowKeySchema.ToStoreKey(key, windowStartMs), value, _context.RecordTimestamp);
    }

    public byte[]? Fetch(ReadOnlySpan<byte> key, long windowStartMs) => inner.Fetch(key, windowStartMs);

    public IKeyValueIterator<long, byte[]> Fetch(byte[] key, long timeFromMs, long timeToMs) => inner.Fetch(key, timeFromMs, timeToMs);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> FetchAll(long timeFromMs, long timeToMs) => inner.FetchAll(timeFromMs, timeToMs);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> All() => inner.All();

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();
}
