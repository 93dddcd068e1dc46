using Streams.State.Internal;

namespace Streams.State;

public partial interface IDslStoreSuppliers
{
    /// <summary>
    /// A supplier for a window store that may retain duplicates, as Kafka Streams' <c>DslStoreSuppliers.windowStore</c>
    /// with <c>DslWindowParams.retainDuplicates</c>; stream-stream joins ask for their two window stores with
    /// <paramref name="retainDuplicates"/> set. The default implementation lays such a store over
    /// <see cref="KeyValueStore"/>; without duplicates it is <see cref="WindowStore(string, long, long)"/>.
    /// </summary>
    /// <param name="name">The store name.</param>
    /// <param name="retentionPeriodMs">Retention in milliseconds; at least <paramref name="windowSizeMs"/>.</param>
    /// <param name="windowSizeMs">Window size in milliseconds; may be 0 with duplicates.</param>
    /// <param name="retainDuplicates">Whether every put is kept, several per key and window start.</param>
    /// <returns>The supplier.</returns>
    IWindowBytesStoreSupplier WindowStore(string name, long retentionPeriodMs, long windowSizeMs, bool retainDuplicates) =>
        retainDuplicates
            ? new KeyValueWindowBytesStoreSupplier(KeyValueStore(name), retentionPeriodMs, windowSizeMs, retainDuplicates: true)
            : WindowStore(name, retentionPeriodMs, windowSizeMs);
}
