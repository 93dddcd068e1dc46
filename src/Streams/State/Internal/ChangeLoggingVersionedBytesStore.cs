namespace Streams.State.Internal;

/// <summary>
/// Sends every versioned write to the store's changelog with the version's timestamp as the record timestamp,
/// as Kafka Streams' <c>ChangeLoggingVersionedKeyValueBytesStore</c>: key = raw key, value = raw value (null for
/// a delete). Restore replays these records, with their timestamps, into the inner store's put logic, which
/// rejects the same too-old records it rejected when they were written.
/// </summary>
internal sealed class ChangeLoggingVersionedBytesStore(IVersionedBytesStore inner) : IVersionedBytesStore
{
    private IChangelogContext? _context;
    private IChangelogContext? _persistentWrites;

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public long HistoryRetentionMs => inner.HistoryRetentionMs;

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

    public long Put(ReadOnlySpan<byte> key, byte[]? value, long timestampMs)
    {
        _persistentWrites?.BeforePersistentWrite();
        var validTo = inner.Put(key, value, timestampMs);
        _context?.LogChange(Name, key.ToArray(), value, timestampMs);
        return validTo;
    }

    public VersionedRecord<byte[]>? Delete(ReadOnlySpan<byte> key, long timestampMs)
    {
        _persistentWrites?.BeforePersistentWrite();
        var prior = inner.Delete(key, timestampMs);
        _context?.LogChange(Name, key.ToArray(), null, timestampMs);
        return prior;
    }

    public VersionedRecord<byte[]>? Get(ReadOnlySpan<byte> key) => inner.Get(key);

    public VersionedRecord<byte[]>? Get(ReadOnlySpan<byte> key, long asOfTimestampMs) => inner.Get(key, asOfTimestampMs);

    public IReadOnlyList<VersionedRecord<byte[]>> GetVersions(ReadOnlySpan<byte> key, long fromTimestampMs, long toTimestampMs, ResultOrder order) =>
        inner.GetVersions(key, fromTimestampMs, toTimestampMs, order);

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();
}
