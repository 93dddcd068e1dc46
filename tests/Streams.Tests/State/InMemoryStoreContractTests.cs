using Streams.State;
using Streams.StoreContracts;

namespace Streams.Tests.State;

public sealed class InMemoryVersionedKeyValueStoreContractTests : VersionedKeyValueStoreContract
{
    protected override IVersionedBytesStoreSupplier Supplier(string name, TimeSpan historyRetention) => Stores.InMemoryVersionedKeyValueStore(name, historyRetention);
}

public sealed class InMemoryKeyValueStoreReadsContractTests : KeyValueStoreReadsContract
{
    protected override IKeyValueBytesStoreSupplier Supplier(string name) => Stores.InMemoryKeyValueStore(name);
}

public sealed class InMemoryWindowStoreReadsContractTests : WindowStoreReadsContract
{
    protected override IWindowBytesStoreSupplier Supplier(string name, long retentionMs, long windowSizeMs) =>
        Stores.InMemoryWindowStore(name, TimeSpan.FromMilliseconds(retentionMs), TimeSpan.FromMilliseconds(windowSizeMs));
}
