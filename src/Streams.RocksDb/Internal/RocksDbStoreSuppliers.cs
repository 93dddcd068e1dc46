using Streams.State;
using Streams.State.Internal;

namespace Streams.RocksDb.Internal;

/// <summary>Supplies <see cref="RocksDbKeyValueBytesStore"/>s, as Kafka Streams' <c>RocksDbKeyValueBytesStoreSupplier</c>.</summary>
internal sealed class RocksDbKeyValueBytesStoreSupplier(string name, RocksDbOptions options) : IKeyValueBytesStoreSupplier
{
    public string Name { get; } = name;

    public IKeyValueBytesStore Get() => new RocksDbKeyValueBytesStore(Name, options);
}

/// <summary>
/// Supplies segmented window stores (<see cref="RocksDbSegmentedWindowBytesStore"/>), as Kafka Streams'
/// <c>RocksDbWindowBytesStoreSupplier</c> with its default segment interval <c>max(retention / 2, 60 s)</c>.
/// </summary>
internal sealed class RocksDbWindowBytesStoreSupplier(string name, long retentionPeriodMs, long windowSizeMs, RocksDbOptions options, bool retainDuplicates = false)
    : IWindowBytesStoreSupplier
{
    public string Name { get; } = name;

    public long RetentionPeriodMs { get; } = retentionPeriodMs;

    public long WindowSizeMs { get; } = windowSizeMs;

    public bool RetainDuplicates { get; } = retainDuplicates;

    public IWindowBytesStore Get() =>
        new RocksDbSegmentedWindowBytesStore(Name, RetentionPeriodMs, WindowSizeMs, RetainDuplicates, options);
}

/// <summary>
/// Supplies versioned stores laid over a <see cref="RocksDbKeyValueBytesStore"/> (see <see cref="VersionedKeySchema"/>),
/// as Kafka Streams' <c>RocksDbVersionedKeyValueBytesStoreSupplier</c> (one RocksDB store instead of a latest-value
/// store plus segments; the segment interval sets how often expired history is purged).
/// </summary>
internal sealed class RocksDbVersionedBytesStoreSupplier(string name, long historyRetentionMs, long segmentIntervalMs, RocksDbOptions options)
    : IVersionedBytesStoreSupplier
{
    public string Name { get; } = name;

    public long HistoryRetentionMs { get; } = historyRetentionMs;

    public long SegmentIntervalMs { get; } = segmentIntervalMs;

    public IVersionedBytesStore Get() =>
        new KeyValueVersionedBytesStore(new RocksDbKeyValueBytesStore(Name, options), HistoryRetentionMs, SegmentIntervalMs);
}
