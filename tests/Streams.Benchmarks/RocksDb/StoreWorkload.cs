using System.Diagnostics;
using Streams.Processor;
using Streams.RocksDb;
using Streams.RocksDb.Internal;
using Streams.RocksDb.Native;

namespace Streams.Benchmarks.RocksDb;

/// <summary>
/// The raw workload db_bench runs as <c>fillrandom,readrandom,seekrandom</c> (as <see cref="PackageBaseline"/> runs it on
/// the package's API), through this repository's layer over the package or its bytes store: N puts
/// of uniformly random keys in [0, N) (so about 63% distinct), N gets of random keys, N seeks to random keys each followed
/// by <c>seekNexts</c> nexts, all on one thread, each phase timed on its own on the same open database.
/// </summary>
internal static class StoreWorkload
{
    /// <summary>Which layer is driven.</summary>
    public enum Layer
    {
        /// <summary><c>RocksDatabase</c> / <c>RocksIterator</c>: spans in, spans viewed in place by the iterator (as db_bench does).</summary>
        Binding,

        /// <summary><c>RocksDbKeyValueBytesStore</c>, the bytes store Streams uses: a copied <c>byte[]</c> per value read and per iterated key and value.</summary>
        Store,
    }

    public static IReadOnlyDictionary<string, OpResult> Run(Layer layer, string directory, RocksDbOptions options, long num, int valueSize, int seekNexts, int seed)
    {
        var values = BenchKeys.Values(valueSize, 1024, seed);
        var results = new Dictionary<string, OpResult>(StringComparer.Ordinal);
        if (layer == Layer.Binding)
        {
            using var db = RocksDatabase.Open(directory, options);
            results["fillrandom"] = Time(num, () => FillBinding(db, values, num, seed));
            results["readrandom"] = Time(num, () => ReadBinding(db, num, seed + 1));
            results["seekrandom"] = Time(num, () => SeekBinding(db, num, seekNexts, seed + 2));
        }
        else
        {
            var store = new RocksDbKeyValueBytesStore("bench", options);
            store.Init(new BenchStoreContext(directory, new TaskId(0, 0)), store);
            try
            {
                results["fillrandom"] = Time(num, () => FillStore(store, values, num, seed));
                results["readrandom"] = Time(num, () => ReadStore(store, num, seed + 1));
                results["seekrandom"] = Time(num, () => SeekStore(store, num, seekNexts, seed + 2));
            }
            finally
            {
                store.Close();
            }
        }

        return results;
    }

    /// <summary>Runs one phase of <paramref name="ops"/> operations and reports its rate (shared by the baseline).</summary>
    internal static OpResult Time(long ops, Func<long?> phase)
    {
        var sw = Stopwatch.StartNew();
        var found = phase();
        sw.Stop();
        return new OpResult(ops / sw.Elapsed.TotalSeconds, found);
    }

    private static long? FillBinding(RocksDatabase db, byte[][] values, long num, int seed)
    {
        var random = new Random(seed);
        Span<byte> key = stackalloc byte[BenchKeys.KeySize];
        for (long i = 0; i < num; i++)
        {
            BenchKeys.Write(random.NextInt64(num), key);
            db.Put(key, values[i & 1023]);
        }

        return null;
    }

    private static long? ReadBinding(RocksDatabase db, long num, int seed)
    {
        var random = new Random(seed);
        Span<byte> key = stackalloc byte[BenchKeys.KeySize];
        long found = 0;
        for (long i = 0; i < num; i++)
        {
            BenchKeys.Write(random.NextInt64(num), key);
            if (db.Get(key) is not null)
            {
                found++;
            }
        }

        return found;
    }

    private static long? SeekBinding(RocksDatabase db, long num, int seekNexts, int seed)
    {
        var random = new Random(seed);
        Span<byte> key = stackalloc byte[BenchKeys.KeySize];
        long found = 0;
        long bytes = 0;
        for (long i = 0; i < num; i++)
        {
            BenchKeys.Write(random.NextInt64(num), key);
            using var it = db.NewIterator();
            it.Seek(key);
            if (it.Valid && it.KeySpan().SequenceEqual(key))
            {
                found++;
            }

            for (var j = 0; j < seekNexts && it.Valid; j++)
            {
                bytes += it.KeySpan().Length + it.ValueSpan().Length;
                it.Next();
            }
        }

        GC.KeepAlive(bytes);
        return found;
    }

    private static long? FillStore(RocksDbKeyValueBytesStore store, byte[][] values, long num, int seed)
    {
        var random = new Random(seed);
        Span<byte> key = stackalloc byte[BenchKeys.KeySize];
        for (long i = 0; i < num; i++)
        {
            BenchKeys.Write(random.NextInt64(num), key);
            store.Put(key, values[i & 1023]);
        }

        return null;
    }

    private static long? ReadStore(RocksDbKeyValueBytesStore store, long num, int seed)
    {
        var random = new Random(seed);
        Span<byte> key = stackalloc byte[BenchKeys.KeySize];
        long found = 0;
        for (long i = 0; i < num; i++)
        {
            BenchKeys.Write(random.NextInt64(num), key);
            if (store.Get(key) is not null)
            {
                found++;
            }
        }

        return found;
    }

    private static long? SeekStore(RocksDbKeyValueBytesStore store, long num, int seekNexts, int seed)
    {
        var random = new Random(seed);
        long found = 0;
        long bytes = 0;
        for (long i = 0; i < num; i++)
        {
            var from = BenchKeys.Of(random.NextInt64(num));
            using var range = store.Range(from, null);

            // db_bench reads the entry under the iterator before each of its seekNexts Next calls: seekNexts entries (at least the first).
            for (var j = 0; j < Math.Max(1, seekNexts) && range.MoveNext(); j++)
            {
                if (j == 0 && range.Current.Key.AsSpan().SequenceEqual(from))
                {
                    found++;
                }

                bytes += range.Current.Key.Length + range.Current.Value.Length;
            }
        }

        GC.KeepAlive(bytes);
        return found;
    }
}
