using Streams.RocksDb.Native;
using Streams.RocksDb.Tests.TestSupport;
using static Streams.RocksDb.Tests.TestSupport.Bytes;

namespace Streams.RocksDb.Tests;

public sealed class RocksDbOptionsTests
{
    [Fact]
    public void Defaults_are_a_64_MiB_budget_split_48_MiB_cache_and_16_MiB_memtables_a_10_bit_bloom_filter_and_fail_on_corruption()
    {
        var options = new RocksDbOptions();

        options.MemoryBudgetBytes.Should().Be(64L * 1024 * 1024);
        options.WriteBufferRatio.Should().Be(0.25);
        options.BlockCacheSizeBytes.Should().Be(48L * 1024 * 1024);
        options.WriteBufferBudgetBytes.Should().Be(16L * 1024 * 1024);
        options.BloomFilterBitsPerKey.Should().Be(10);
        options.ConfigureStore.Should().BeNull();
        options.OnCorruption.Should().Be(RocksDbCorruptionHandling.Fail);
    }

    [Fact]
    public void The_budget_is_split_by_the_write_buffer_ratio()
    {
        var options = new RocksDbOptions { MemoryBudgetBytes = 100L * 1024 * 1024, WriteBufferRatio = 0.5 };

        options.WriteBufferBudgetBytes.Should().Be(50L * 1024 * 1024);
        options.BlockCacheSizeBytes.Should().Be(50L * 1024 * 1024);
        (options.WriteBufferBudgetBytes + options.BlockCacheSizeBytes).Should().Be(options.MemoryBudgetBytes);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Write_buffer_ratios_outside_the_open_unit_interval_are_rejected(double ratio) =>
        ((Action)(() => _ = new RocksDbOptions { WriteBufferRatio = ratio })).Should().Throw<ArgumentOutOfRangeException>();

    [Fact]
    public void Invalid_values_are_rejected()
    {
        ((Action)(() => _ = new RocksDbOptions { MemoryBudgetBytes = 1024 * 1024 - 1 })).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new RocksDbOptions { BloomFilterBitsPerKey = -1 })).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new RocksDbOptions { BloomFilterBitsPerKey = 65 })).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new RocksDbOptions { OnCorruption = (RocksDbCorruptionHandling)42 })).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void One_cache_of_the_whole_budget_is_shared_by_every_database_opened_with_the_options()
    {
        var options = new RocksDbOptions { MemoryBudgetBytes = 4 * 1024 * 1024 };

        var cache = options.Budget.Cache;

        options.Budget.Should().BeSameAs(options.Budget);
        options.Budget.Cache.Should().BeSameAs(cache);
        // The whole budget: memtables are charged to the same cache by the write buffer manager.
        ((long)RocksDbSharp.Native.Instance.rocksdb_cache_get_capacity(cache.Handle)).Should().Be(4 * 1024 * 1024);
        new RocksDbOptions().Budget.Should().NotBeSameAs(options.Budget);
    }

    [Fact]
    public void Databases_open_with_and_without_a_bloom_filter()
    {
        using var dir = new TempDirectory();
        foreach (var bits in new[] { 0, 10 })
        {
            using var db = RocksDatabase.Open(dir.Combine($"bits{bits}"), new RocksDbOptions { BloomFilterBitsPerKey = bits });
            db.Put(Of("k"), Of("v"));
            db.Flush();

            Str(db.Get(Of("k"))).Should().Be("v");
            db.Get(Of("absent")).Should().BeNull();
        }
    }
}
