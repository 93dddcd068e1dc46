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
/// Supplies window stores laid over a <see cref="RocksDbKeyValueBytesStore"/>, as Kafka Streams'
/// <c>RocksDbWindowBytesStoreSupplier</c> (with one key-value store instead of time segments).
/// </summary>
internal sealed class RocksDbWindowBytesStoreSupplier(string name, long retentionPeriodMs, long windowSizeMs, RocksDbOptions options, bool retainDuplicates = false)
    : IWindowBytesStoreSupplier
{
    public string Name { get; } = name;

    public long RetentionPeriodMs { get; } = retentionPeriodMs;

    public long WindowSizeMs { get; } = windowSizeMs;

    public bool RetainDuplicates { get; } = retainDuplicates;

    public IWindowBytesStore Get() =>
        new KeyValueWindowBytesStore(new RocksDbKeyValueBytesStore(Name, options), RetentionPeriodMs, WindowSizeMs, RetainDuplicates);
}
