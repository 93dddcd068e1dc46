using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;
using Streams.StoreContracts;
using static Streams.State.VersionedKeyValueStore;

namespace Streams.RocksDb.Tests;

public sealed class RocksDbVersionedKeyValueStoreContractTests : VersionedKeyValueStoreContract
{
    protected override IVersionedBytesStoreSupplier Supplier(string name, TimeSpan historyRetention) =>
        RocksDbStores.PersistentVersionedKeyValueStore(name, historyRetention);

    [Fact]
    public void Versions_and_the_observed_stream_time_survive_a_flush_close_and_reopen()
    {
        var context = NewContext();
        var first = Opened(Typed(Supplier("versions", TimeSpan.FromMilliseconds(100)).Get()), context);
        first.Put("k", "v1", 900);
        first.Put("k", "v2", 1_000);
        first.Flush();
        first.Close();

        var reopened = Opened(Typed(Supplier("versions", TimeSpan.FromMilliseconds(100)).Get()), context);

        reopened.Persistent.Should().BeTrue();
        reopened.Get("k").Should().Be(new VersionedRecord<string>("v2", 1_000));
        reopened.Get("k", 950).Should().Be(new VersionedRecord<string>("v1", 900, 1_000));
        reopened.Put("k", "late", 899).Should().Be(PutReturnCodeNotPut);
    }

    private static MeteredVersionedKeyValueStore<string, string> Typed(IVersionedBytesStore bytes) => new(bytes, Serdes.String!, Serdes.String!);
}

public sealed class RocksDbKeyValueStoreReadsContractTests : KeyValueStoreReadsContract
{
    protected override IKeyValueBytesStoreSupplier Supplier(string name) => RocksDbStores.PersistentKeyValueStore(name);
}

public sealed class RocksDbWindowStoreReadsContractTests : WindowStoreReadsContract
{
    protected override IWindowBytesStoreSupplier Supplier(string name, long retentionMs, long windowSizeMs) =>
        RocksDbStores.PersistentWindowStore(name, TimeSpan.FromMilliseconds(retentionMs), TimeSpan.FromMilliseconds(windowSizeMs));
}
