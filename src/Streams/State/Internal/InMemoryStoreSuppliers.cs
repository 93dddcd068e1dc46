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
