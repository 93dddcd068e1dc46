using Streams.State.Internal;

namespace Streams.State;

public sealed partial class InMemoryDslStoreSuppliers
{
    /// <inheritdoc />
    public IWindowBytesStoreSupplier WindowStore(string name, long retentionPeriodMs, long windowSizeMs, bool retainDuplicates) =>
        new InMemoryWindowBytesStoreSupplier(name, retentionPeriodMs, windowSizeMs, retainDuplicates);
}
