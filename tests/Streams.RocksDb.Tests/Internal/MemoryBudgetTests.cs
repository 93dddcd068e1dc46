using Xunit.Abstractions;
using Streams.RocksDb.Internal;
using Streams.RocksDb.Native;
using Streams.RocksDb.Tests.TestSupport;
using static Streams.RocksDb.Tests.TestSupport.Bytes;

namespace Streams.RocksDb.Tests.Internal;

public sealed class MemoryBudgetTests(ITestOutputHelper output) : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1, 8 * MiB)]
    [InlineData(2, 4 * MiB)]
    [InlineData(3, 2 * MiB)]
    [InlineData(4, 2 * MiB)]
    [InlineData(5, 1 * MiB)]
    [InlineData(16, MiB / 2)]
    [InlineData(128, 64 * 1024)]
    [InlineData(10_000, 64 * 1024)]
    public void Each_database_gets_the_largest_power_of_two_within_its_share_of_two_memtables(int databases, long expected)
    {
        var budget = new MemoryBudget(MiB, 16 * MiB);

        budget.WriteBufferSizeFor(databases).Should().Be(expected);
        if (expected > MemoryBudget.MinWriteBufferSize)
        {
            (budget.WriteBufferSizeFor(databases) * MemoryBudget.MaxWriteBufferNumber * databases).Should().BeLessThanOrEqualTo(16 * MiB);
        }
    }

    [Fact]
    public void Opening_databases_shrinks_the_write_buffers_of_the_open_ones_and_closing_grows_them_back()
    {
        var options = new RocksDbOptions { MemoryBudgetBytes = 64 * MiB, WriteBufferRatio = 0.25 };
        var first = RocksDatabase.Open(_dir.Combine("a"), options);
        try
        {
            first.WriteBufferSize.Should().Be(8 * MiB);
            OptionsFile.Value(first.Path, "write_buffer_size").Should().Be((8 * MiB).ToString(System.Globalization.CultureInfo.InvariantCulture));
            OptionsFile.Value(first.Path, "max_write_buffer_number").Should().Be("2");

            using (var second = RocksDatabase.Open(_dir.Combine("b"), options))
            using (var third = RocksDatabase.Open(_dir.Combine("c"), options))
            {
                options.Budget.OpenDatabases.Should().Be(3);
                foreach (var db in new[] { first, second, third })
                {
                    db.WriteBufferSize.Should().Be(2 * MiB);
                    OptionsFile.Value(db.Path, "write_buffer_size").Should().Be((2 * MiB).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            options.Budget.OpenDatabases.Should().Be(1);
            first.WriteBufferSize.Should().Be(8 * MiB);
            OptionsFile.Value(first.Path, "write_buffer_size").Should().Be((8 * MiB).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            first.Dispose();
        }

        first.WriteBufferSize.Should().BeNull();
        options.Budget.OpenDatabases.Should().Be(0);
    }

    [Fact]
    public void A_write_buffer_shrunk_32_times_gets_a_matching_arena_block_size_and_keeps_flushing_full_memtables()
    {
        // One database alone gets 8 MiB (arena blocks of 1 MiB); with 32 open each gets 256 KiB. Left with 1 MiB arena
        // blocks, every new memtable of the first one would ask to be flushed at once (an assertion failure in Debian's build).
        var options = new RocksDbOptions();
        var dbs = new List<RocksDatabase> { RocksDatabase.Open(_dir.Combine("db0"), options) };
        try
        {
            OptionsFile.Value(dbs[0].Path, "arena_block_size").Should().Be("1048576");
            for (var i = 1; i < 32; i++)
            {
                dbs.Add(RocksDatabase.Open(_dir.Combine($"db{i}"), options));
            }

            dbs[0].WriteBufferSize.Should().Be(256 * 1024);
            OptionsFile.Value(dbs[0].Path, "arena_block_size").Should().Be("32768");
            var value = new byte[100];
            for (var i = 0; i < 20_000; i++)
            {
                dbs[0].Put(Of($"key-{i:D8}"), value);
            }

            dbs[0].Flush();
            Str(dbs[0].Get(Of("key-00000001"))).Should().HaveLength(100);

            // About 2.4 MB written: a few flushes of full 256 KiB memtables (then compactions), not thousands of tiny ones.
            Directory.GetFiles(dbs[0].Path, "*.sst").Length.Should().BeInRange(1, 20);
        }
        finally
        {
            dbs.ForEach(d => d.Dispose());
        }
    }

    [Fact]
    public void The_memtables_of_several_databases_stay_within_the_write_buffer_allowance()
    {
        // 2 MiB for memtables across 4 databases: 256 KiB write buffers, at most 2 each.
        var options = new RocksDbOptions { MemoryBudgetBytes = 4 * MiB, WriteBufferRatio = 0.5 };
        var dbs = Enumerable.Range(0, 4).Select(i => RocksDatabase.Open(_dir.Combine($"db{i}"), options)).ToList();
        try
        {
            var value = new byte[100];
            long peak = 0;
            for (var i = 0; i < 40_000; i++)
            {
                var db = dbs[i % dbs.Count];
                db.Put(Of($"key-{i:D8}"), value);
                if (i % 1000 == 0)
                {
                    peak = Math.Max(peak, dbs.Sum(d => (long)d.GetIntProperty("rocksdb.cur-size-all-mem-tables")!.Value));
                }
            }

            dbs.Should().OnlyContain(d => d.WriteBufferSize == 256 * 1024);

            // About 4.6 MB were written; the memtables never held more than the allowance (plus one arena block of slack per memtable).
            peak.Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(options.WriteBufferBudgetBytes + (8 * 32 * 1024));
            dbs.Should().OnlyContain(d => Directory.GetFiles(d.Path, "*.sst").Length > 0, "full memtables were flushed to SST files");
        }
        finally
        {
            dbs.ForEach(d => d.Dispose());
        }
    }

    [Fact]
    public void The_cache_is_emptied_while_no_database_is_open_and_restored_for_the_next_one()
    {
        var options = new RocksDbOptions { MemoryBudgetBytes = 8 * MiB };
        using (var db = RocksDatabase.Open(_dir.Combine("a"), options))
        {
            for (var i = 0; i < 2000; i++)
            {
                db.Put(Of($"k{i:D5}"), new byte[100]);
            }

            db.Flush();
            db.Get(Of("k00001"));
            options.Budget.CacheUsageBytes.Should().BeGreaterThan(0);
        }

        options.Budget.CacheUsageBytes.Should().Be(0, "the closed database's blocks are freed");
        options.Budget.CacheCapacityBytes.Should().Be(0);

        using (var db = RocksDatabase.Open(_dir.Combine("a"), options))
        {
            options.Budget.CacheCapacityBytes.Should().Be(options.MemoryBudgetBytes);
            db.Get(Of("k00001")).Should().HaveCount(100);
            options.Budget.CacheUsageBytes.Should().BeGreaterThan(0);
        }
    }

    [Fact]
    public void A_database_that_fails_to_open_leaves_the_budget_as_it_was()
    {
        var options = new RocksDbOptions();
        using var open = RocksDatabase.Open(_dir.Combine("a"), options);

        var locked = () => RocksDatabase.Open(_dir.Combine("a"), options);

        locked.Should().Throw<RocksDbException>();
        options.Budget.OpenDatabases.Should().Be(1);
        open.WriteBufferSize.Should().Be(options.Budget.WriteBufferSizeFor(1));
        options.Budget.BeginOpen().Should().Be(options.Budget.WriteBufferSizeFor(2), "no failed open is still counted");
        options.Budget.CancelOpen();
    }

    [Fact]
    public void Index_and_filter_blocks_are_charged_to_the_shared_block_cache()
    {
        var options = new RocksDbOptions { MemoryBudgetBytes = 8 * MiB };
        using var a = RocksDatabase.Open(_dir.Combine("a"), options);
        using var b = RocksDatabase.Open(_dir.Combine("b"), options);
        for (var i = 0; i < 2000; i++)
        {
            a.Put(Of($"a{i:D5}"), Of("value"));
            b.Put(Of($"b{i:D5}"), Of("value"));
        }

        a.Flush();
        b.Flush();
        var before = options.Budget.CacheUsageBytes;
        a.Get(Of("a00001"));
        b.Get(Of("absent"));

        options.Budget.CacheUsageBytes.Should().BeGreaterThan(before);
        options.Budget.CacheCapacityBytes.Should().Be(options.MemoryBudgetBytes);
        ((long)a.GetIntProperty("rocksdb.block-cache-usage")!.Value).Should().Be(options.Budget.CacheUsageBytes, "both databases report the one shared cache");
        ((long)b.GetIntProperty("rocksdb.block-cache-capacity")!.Value).Should().Be(options.MemoryBudgetBytes);

        // Index and filter blocks live in the cache, so table readers hold next to nothing outside it.
        a.GetIntProperty("rocksdb.estimate-table-readers-mem").Should().BeLessThan(4096);
        OptionsFile.Value(a.Path, "cache_index_and_filter_blocks").Should().Be("true");
        OptionsFile.Value(a.Path, "pin_l0_filter_and_index_blocks_in_cache").Should().Be("true");
    }

    [Fact]
    public void Memtable_memory_is_charged_to_the_shared_cache_by_the_write_buffer_manager()
    {
        var options = new RocksDbOptions { MemoryBudgetBytes = 8 * MiB };
        using var db = RocksDatabase.Open(_dir.Combine("a"), options);
        var before = options.Budget.CacheUsageBytes;

        // About 700 KB (5,000 entries of ~140 bytes with memtable overhead) into the memtable of a 1 MiB write buffer
        // (8 MiB x 0.25 / 2), below the size that switches it: no flush, nothing is read, no block is cached. (8,000 entries
        // passed 1 MiB, so the memtable switched and, when the background flush won the race, only the new one was counted.)
        var value = new byte[100];
        for (var i = 0; i < 5_000; i++)
        {
            db.Put(Of($"key-{i:D8}"), value);
        }

        var memtables = (long)db.GetIntProperty("rocksdb.cur-size-all-mem-tables")!.Value;
        memtables.Should().BeGreaterThan(512 * 1024);
        options.Budget.WriteBufferManagerUsageBytes.Should().BeGreaterThanOrEqualTo(memtables, "the manager counts every memtable of the budget");
        options.Budget.WriteBufferReservedInCacheBytes.Should().BeGreaterThanOrEqualTo(memtables, "the memtables are reserved in the shared cache");
        options.Budget.CacheUsageBytes.Should().BeGreaterThanOrEqualTo(options.Budget.WriteBufferReservedInCacheBytes, "the cache's usage includes the memtables' reservation");
        options.Budget.CacheUsageBytes.Should().BeGreaterThan(before, "the reservation grew with the memtables (in dummy blocks)");
        ((long)db.GetIntProperty("rocksdb.block-cache-usage")!.Value).Should().Be(options.Budget.CacheUsageBytes);
    }

    [Fact]
    public void Sixty_four_stores_under_an_8_MiB_budget_keep_the_cache_and_the_memtables_within_it()
    {
        // 2 MiB for memtables across 64 databases: each gets the 64 KiB floor, 2 memtables each would be 8 MiB. The write
        // buffer manager makes a database flush once all memtables together reach 2 MiB (a trigger, not a cap: memtables
        // switched out wait for the two background flush threads meanwhile), and charges them to the one 8 MiB cache,
        // whose blocks are evicted to make room: cache usage, memtables included, stays within the budget.
        const long Margin = 1 * MiB;
        var options = new RocksDbOptions { MemoryBudgetBytes = 8 * MiB };
        var dbs = Enumerable.Range(0, 64).Select(i => RocksDatabase.Open(_dir.Combine($"db{i:D2}"), options)).ToList();
        try
        {
            dbs.Should().OnlyContain(d => d.WriteBufferSize == MemoryBudget.MinWriteBufferSize);
            var value = new byte[100];
            long peakUsage = 0, peakPinned = 0, peakMemtables = 0, peakReserved = 0;
            for (var i = 0; i < 128_000; i++)
            {
                var db = dbs[i % dbs.Count];
                db.Put(Of($"key-{i:D8}"), value);
                if (i % 64 == 0)
                {
                    // Reads keep data, index and filter blocks of flushed files in the cache alongside the memtables.
                    db.Get(Of($"key-{i / 2:D8}"));
                }

                if (i % 500 == 0)
                {
                    peakUsage = Math.Max(peakUsage, options.Budget.CacheUsageBytes);
                    peakPinned = Math.Max(peakPinned, options.Budget.CachePinnedUsageBytes);
                    peakReserved = Math.Max(peakReserved, options.Budget.WriteBufferReservedInCacheBytes);
                    peakMemtables = Math.Max(peakMemtables, dbs.Sum(d => (long)d.GetIntProperty("rocksdb.cur-size-all-mem-tables")!.Value));
                }
            }

            output.WriteLine($"64 stores, 8 MiB budget: peaks cache usage {peakUsage:N0}, pinned {peakPinned:N0}, memtables {peakMemtables:N0}, reserved for memtables {peakReserved:N0} bytes");

            // About 15 MB were written (twice the budget) and read back in part.
            peakReserved.Should().BeGreaterThan(0, "the memtables were charged to the cache");
            peakMemtables.Should().BeGreaterThan(MiB / 2).And.BeLessThanOrEqualTo(peakReserved, "every memtable byte is reserved in the cache");
            peakUsage.Should().BeLessThanOrEqualTo(options.MemoryBudgetBytes + Margin, $"cache usage peaked at {peakUsage:N0} with memtables at {peakMemtables:N0}");
            peakPinned.Should().BeLessThanOrEqualTo(options.MemoryBudgetBytes + Margin, $"pinned usage peaked at {peakPinned:N0}");
            dbs.Should().OnlyContain(d => Directory.GetFiles(d.Path, "*.sst").Length > 0, "the manager made every database flush");
            Str(dbs[5].Get(Of("key-00000005"))).Should().HaveLength(100);
        }
        finally
        {
            dbs.ForEach(d => d.Dispose());
        }
    }
}
