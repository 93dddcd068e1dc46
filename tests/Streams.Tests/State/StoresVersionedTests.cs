using Streams.State;
using Streams.State.Internal;

namespace Streams.Tests.State;

public class StoresVersionedTests
{
    [Fact]
    public void InMemoryVersionedKeyValueStore_supplies_fresh_in_memory_stores_with_the_retention()
    {
        var supplier = Stores.InMemoryVersionedKeyValueStore("versions", TimeSpan.FromMinutes(1));

        var first = supplier.Get();

        (supplier.Name, supplier.HistoryRetentionMs).Should().Be(("versions", 60_000L));
        first.Should().BeOfType<KeyValueVersionedBytesStore>().Which.Persistent.Should().BeFalse();
        (first.Name, first.HistoryRetentionMs).Should().Be(("versions", 60_000L));
        first.Should().NotBeSameAs(supplier.Get());
    }

    [Theory]
    [InlineData(0, 2_000)]
    [InlineData(60_000, 20_000)]
    [InlineData(60_001, 20_000)]
    [InlineData(300_000, 60_000)]
    [InlineData(300_001, 60_000)]
    [InlineData(3_600_000, 300_000)]
    [InlineData(3_600_001, 300_000)]
    [InlineData(86_400_000, 3_600_000)]
    public void The_default_segment_interval_is_Kafka_Streams_one_for_the_retention(long retentionMs, long expectedMs)
    {
        var supplier = (InMemoryVersionedBytesStoreSupplier)Stores.InMemoryVersionedKeyValueStore("v", TimeSpan.FromMilliseconds(retentionMs));

        supplier.SegmentIntervalMs.Should().Be(expectedMs);
    }

    [Fact]
    public void InMemoryVersionedKeyValueStore_validates_name_and_retention()
    {
        FluentActions.Invoking(() => Stores.InMemoryVersionedKeyValueStore(string.Empty, TimeSpan.FromSeconds(1))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Stores.InMemoryVersionedKeyValueStore("v", TimeSpan.FromMilliseconds(-1)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("historyRetention");
        Stores.InMemoryVersionedKeyValueStore("v", TimeSpan.Zero).HistoryRetentionMs.Should().Be(0);
    }
}
