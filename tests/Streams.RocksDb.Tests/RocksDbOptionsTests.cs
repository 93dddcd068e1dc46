using Streams.RocksDb.Native;
using Streams.RocksDb.Tests.TestSupport;
using static Streams.RocksDb.Tests.TestSupport.Bytes;

namespace Streams.RocksDb.Tests;

public sealed class RocksDbOptionsTests
{
    [Fact]
    public void Defaults_are_a_16_MiB_block_cache_and_a_10_bit_bloom_filter()
    {
        var options = new RocksDbOptions();

        options.BlockCacheSizeBytes.Should().Be(16L * 1024 * 1024);
        options.BloomFilterBitsPerKey.Should().Be(10);
    }

    [Fact]
    public void Invalid_values_are_rejected()
    {
        ((Action)(() => _ = new RocksDbOptions { BlockCacheSizeBytes = 0 })).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new RocksDbOptions { BloomFilterBitsPerKey = -1 })).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new RocksDbOptions { BloomFilterBitsPerKey = 65 })).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void One_block_cache_of_the_configured_capacity_is_shared_by_every_database_opened_with_the_options()
    {
        var options = new RocksDbOptions { BlockCacheSizeBytes = 3 * 1024 * 1024 };

        var cache = options.BlockCache;

        options.BlockCache.Should().BeSameAs(cache);
        ((long)NativeMethods.rocksdb_cache_get_capacity(cache)).Should().Be(3 * 1024 * 1024);
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
