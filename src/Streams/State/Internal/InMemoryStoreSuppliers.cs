namespace Streams.State.Internal;

internal sealed class InMemoryKeyValueBytesStoreSupplier(string name) : IKeyValueBytesStoreSupplier
{
    public string Name { get; } = name;

    public IKeyValueBytesStore Get() => new InMemoryKeyValueBytesStore(Name);
}

internal sealed class InMemoryWindowBytesStoreSupplier(string name, long retentionPeriodMs, long windowSizeMs, bool retainDuplicates = false) : IWindowBytesStoreSupplier
{
    public string Name { get; } = name;

    public long RetentionPeriodMs { get; } = retentionPeriodMs;

    public long WindowSizeMs { get; } = windowSizeMs;

    public bool RetainDuplicates { get; } = retainDuplicates;

    public IWindowBytesStore Get() => new KeyValueWindowBytesStore(new InMemoryKeyValueBytesStore(Name), RetentionPeriodMs, WindowSizeMs, RetainDuplicates);
}

internal sealed class InMemoryVersionedBytesStoreSupplier(string name, long historyRetentionMs, long segmentIntervalMs) : IVersionedBytesStoreSupplier
{
    public string Name { get; } = name;

    public long HistoryRetentionMs { get; } = historyRetentionMs;

    public long SegmentIntervalMs { get; } = segmentIntervalMs;

    public IVersionedBytesStore Get() => new KeyValueVersionedBytesStore(new InMemoryKeyValueBytesStore(Name), HistoryRetentionMs, SegmentIntervalMs);

    /// <summary>Kafka Streams' default segment interval for a history retention (RocksDbVersionedKeyValueBytesStoreSupplier).</summary>
    public static long DefaultSegmentInterval(long historyRetentionMs) => historyRetentionMs switch
    {
        <= 60_000L => Math.Max(historyRetentionMs / 3, 2_000L),
        <= 300_000L => Math.Max(historyRetentionMs / 5, 20_000L),
        <= 3_600_000L => Math.Max(historyRetentionMs / 12, 60_000L),
        _ => Math.Max(historyRetentionMs / 24, 300_000L),
    };
}
