namespace Streams.State;

/// <summary>
/// Supplies fresh window bytes stores (one per task), as Kafka Streams' <c>WindowBytesStoreSupplier</c>.
/// </summary>
public interface IWindowBytesStoreSupplier
{
    /// <summary>The store name, unique within the topology.</summary>
    string Name { get; }

    /// <summary>How long windows are kept, in milliseconds, counted from the window start.</summary>
    long RetentionPeriodMs { get; }

    /// <summary>The window size in milliseconds.</summary>
    long WindowSizeMs { get; }

    /// <summary>
    /// Whether the stores keep every put, even several for one key and window start (each under its own sequence
    /// number), as Kafka Streams' <c>WindowBytesStoreSupplier.retainDuplicates</c>. Stream-stream join stores need
    /// it. Default <see langword="false"/>.
    /// </summary>
    bool RetainDuplicates => false;

    /// <summary>Creates a new, uninitialized store instance.</summary>
    /// <returns>The store.</returns>
    IWindowBytesStore Get();
}
