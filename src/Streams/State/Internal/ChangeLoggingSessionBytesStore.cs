using Streams.Dsl;

namespace Streams.State.Internal;

/// <summary>
/// Sends every session write to the store's changelog, as Kafka Streams' <c>ChangeLoggingSessionBytesStore</c>:
/// the changelog key is the <see cref="SessionKeySchema"/> binary key (<c>key || end || start</c>, times 8 bytes
/// big-endian), the value the aggregate bytes, a removal a tombstone. The bytes stores restore from these records.
/// </summary>
internal sealed class ChangeLoggingSessionBytesStore(ISessionBytesStore inner) : ISessionBytesStore
{
    private IChangelogContext? _context;
    private IChangelogContext? _persistentWrites;

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public long RetentionPeriodMs => inner.RetentionPeriodMs;

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

    public void Put(Windowed<byte[]> sessionKey, byte[]? value)
    {
        _persistentWrites?.BeforePersistentWrite();
        inner.Put(sessionKey, value);
        _context?.LogChange(Name, SessionKeySchema.ToBinary(sessionKey), value, _context.RecordTimestamp);
    }

    public void Remove(Windowed<byte[]> sessionKey)
    {
        _persistentWrites?.BeforePersistentWrite();
        inner.Remove(sessionKey);
        _context?.LogChange(Name, SessionKeySchema.ToBinary(sessionKey), null, _context.RecordTimestamp);
    }

    public byte[]? FetchSession(ReadOnlySpan<byte> key, long sessionStartMs, long sessionEndMs) => inner.FetchSession(key, sessionStartMs, sessionEndMs);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessions(byte[] key, long earliestSessionEndMs, long latestSessionStartMs) =>
        inner.FindSessions(key, earliestSessionEndMs, latestSessionStartMs);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessions(byte[]? keyFrom, byte[]? keyTo, long earliestSessionEndMs, long latestSessionStartMs) =>
        inner.FindSessions(keyFrom, keyTo, earliestSessionEndMs, latestSessionStartMs);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> FindSessionsByEnd(long earliestSessionEndMs, long latestSessionEndMs) =>
        inner.FindSessionsByEnd(earliestSessionEndMs, latestSessionEndMs);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> Fetch(byte[] key) => inner.Fetch(key);

    public IKeyValueIterator<Windowed<byte[]>, byte[]> Fetch(byte[]? keyFrom, byte[]? keyTo) => inner.Fetch(keyFrom, keyTo);

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();
}
