namespace Streams.State.Internal;

/// <summary>Supplies <see cref="KeyValueWindowBytesStore"/>s laid over the stores of any key-value supplier.</summary>
internal sealed class KeyValueWindowBytesStoreSupplier(IKeyValueBytesStoreSupplier keyValueStores, long retentionPeriodMs, long windowSizeMs, bool retainDuplicates)
    : IWindowBytesStoreSupplier
{
    public string Name => keyValueStores.Name;

    public long RetentionPeriodMs { get; } = retentionPeriodMs;

    public long WindowSizeMs { get; } = windowSizeMs;

    public bool RetainDuplicates { get; } = retainDuplicates;

    public IWindowBytesStore Get() => new KeyValueWindowBytesStore(keyValueStores.Get(), RetentionPeriodMs, WindowSizeMs, RetainDuplicates);
}
