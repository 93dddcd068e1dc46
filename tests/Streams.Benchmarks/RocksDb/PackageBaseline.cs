using System.Diagnostics;
using RocksDbSharp;

namespace Streams.Benchmarks.RocksDb;

/// <summary>
/// The baseline of the <c>rocksdb</c> command: the RocksDB NuGet package's own managed API (<c>RocksDbSharp</c>), in
/// this process, running what RocksDB's <c>db_bench</c> runs as <c>fillrandom,readrandom,seekrandom</c> with the same
/// keys and values (<see cref="BenchKeys"/>): N puts of uniformly random keys in [0, N) (so about 63% distinct), N gets
/// of random keys, N seeks to random keys each on a fresh iterator (as db_bench without a tailing iterator) followed by
/// <c>seekNexts</c> entries read, one thread, each phase timed on its own on the same open database. Configured here,
/// independently of the store code, with the settings that default <see cref="Streams.RocksDb.RocksDbOptions"/> give one
/// open store: a 64 MiB LRU cache with a 16 MiB write buffer manager charged to it, 8 MiB write buffers x 2, a full
/// 10-bit bloom filter, index and filter blocks in the cache (high priority, level 0 pinned), no compression, leveled
/// compaction with dynamic level bytes, 256 open files, write-ahead log on without sync.
/// </summary>
internal static class PackageBaseline
{
    private const ulong MiB = 1024 * 1024;

    public static IReadOnlyDictionary<string, OpResult> Run(string directory, long num, int valueSize, int seekNexts, int seed)
    {
        var values = BenchKeys.Values(valueSize, 1024, seed);
        var cache = Cache.CreateLru(64 * MiB);
        var writeBufferManager = Native.Instance.rocksdb_write_buffer_manager_create_with_cache((nuint)(16 * MiB), cache.Handle, 0);
        var table = new BlockBasedTableOptions()
            .SetBlockCache(cache)
            .SetCacheIndexAndFilterBlocks(true)
            .SetPinL0FilterAndIndexBlocksInCache(true)
            .SetFilterPolicy(Native.Instance.rocksdb_filterpolicy_create_bloom_full(10));
        Native.Instance.rocksdb_block_based_options_set_cache_index_and_filter_blocks_with_high_priority(table.Handle, 1);
        var options = new DbOptions()
            .SetCreateIfMissing(true)
            .SetKeepLogFileNum(5)
            .SetWriteBufferSize(8 * MiB)
            .SetMaxWriteBufferNumber(2)
            .SetArenaBlockSize(1 * MiB)
            .SetMaxOpenFiles(256)
            .SetCompression(Compression.No)
            .SetCompactionStyle(Compaction.Level)
            .SetLevelCompactionDynamicLevelBytes(true)
            .SetBlockBasedTableFactory(table);
        Native.Instance.rocksdb_options_set_write_buffer_manager(options.Handle, writeBufferManager);
        var results = new Dictionary<string, OpResult>(StringComparer.Ordinal);
        try
        {
            using var db = RocksDbSharp.RocksDb.Open(options, directory);
            results["fillrandom"] = Time(num, () => Fill(db, values, num, seed));
            results["readrandom"] = Time(num, () => Read(db, num, seed + 1));
            results["seekrandom"] = Time(num, () => Seek(db, num, seekNexts, seed + 2));
        }
        finally
        {
            Native.Instance.rocksdb_write_buffer_manager_destroy(writeBufferManager);
            GC.KeepAlive(options);
            GC.KeepAlive(cache);
        }

        return results;
    }

    private static OpResult Time(long ops, Func<long?> phase) => StoreWorkload.Time(ops, phase);

    private static long? Fill(RocksDbSharp.RocksDb db, byte[][] values, long num, int seed)
    {
        var random = new Random(seed);
        var writeOptions = new WriteOptions();
        Span<byte> key = stackalloc byte[BenchKeys.KeySize];
        for (long i = 0; i < num; i++)
        {
            BenchKeys.Write(random.NextInt64(num), key);
            db.Put(key, values[i & 1023], null, writeOptions);
        }

        return null;
    }

    private static long? Read(RocksDbSharp.RocksDb db, long num, int seed)
    {
        var random = new Random(seed);
        var readOptions = new ReadOptions();
        Span<byte> key = stackalloc byte[BenchKeys.KeySize];
        long found = 0;
        for (long i = 0; i < num; i++)
        {
            BenchKeys.Write(random.NextInt64(num), key);
            if (db.Get(key, null, readOptions) is not null)
            {
                found++;
            }
        }

        return found;
    }

    private static long? Seek(RocksDbSharp.RocksDb db, long num, int seekNexts, int seed)
    {
        var random = new Random(seed);
        var readOptions = new ReadOptions();
        Span<byte> key = stackalloc byte[BenchKeys.KeySize];
        long found = 0;
        long bytes = 0;
        for (long i = 0; i < num; i++)
        {
            BenchKeys.Write(random.NextInt64(num), key);
            using var it = db.NewIterator(null, readOptions);
            it.Seek(key);
            if (it.Valid() && it.GetKeySpan().SequenceEqual(key))
            {
                found++;
            }

            for (var j = 0; j < seekNexts && it.Valid(); j++)
            {
                bytes += it.GetKeySpan().Length + it.GetValueSpan().Length;
                it.Next();
            }
        }

        GC.KeepAlive(bytes);
        return found;
    }
}

/// <summary>One benchmark's throughput and, for reads and seeks, how many keys were found.</summary>
internal readonly record struct OpResult(double OpsPerSec, long? Found);
