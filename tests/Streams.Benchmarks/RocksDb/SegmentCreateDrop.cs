using System.Diagnostics;
using System.Globalization;
using Streams.RocksDb;
using Streams.RocksDb.Internal;
using Streams.RocksDb.Native;

namespace Streams.Benchmarks.RocksDb;

/// <summary>
/// Part of the <c>rocksdb --scenario segments</c> command: the cost of one segment's life, created, written once and
/// dropped, through this repository's RocksDB layer under default <see cref="RocksDbOptions"/>. "database": the
/// database-per-segment layout (open a new database in a new directory, put, close, delete the directory); "column
/// family": the column-family-per-segment layout (create a column family in the store's open database, put, drop it);
/// "key prefix": this layout (<see cref="RocksDbSegment"/> over the store's open database: put under the segment's
/// prefix, drop = one range delete, then the file deletion and compaction hint of the drop). Same run, rotating the order.
/// </summary>
internal static class SegmentCreateDrop
{
    /// <summary>Milliseconds per segment life of each side, <paramref name="iterations"/> lives each, under <paramref name="dir"/>; <paramref name="first"/> picks the side that runs first.</summary>
    public static (double DatabaseMs, double ColumnFamilyMs, double KeyPrefixMs) Run(string dir, int iterations, int first)
    {
        var options = new RocksDbOptions();
        var key = "key-0000000001"u8.ToArray();
        var value = new byte[100];
        double databaseMs = 0;
        double familyMs = 0;
        double prefixMs = 0;
        for (var n = 0; n < 3; n++)
        {
            var side = (first + n) % 3;
            var root = Path.Combine(dir, side switch { 0 => "db", 1 => "cf", _ => "prefix" });
            Directory.CreateDirectory(root);
            if (side == 1)
            {
                using var db = RocksDatabase.OpenWithColumnFamilies(Path.Combine(root, "store"), options);
                var sw = Stopwatch.StartNew();
                for (var i = 0; i < iterations; i++)
                {
                    var family = db.CreateColumnFamily("windows." + i.ToString(CultureInfo.InvariantCulture));
                    db.Put(key, value, family);
                    db.DropColumnFamily(family);
                }

                familyMs = sw.Elapsed.TotalMilliseconds / iterations;
            }
            else if (side == 2)
            {
                var store = new RocksDbKeyValueBytesStore("windows", options);
                store.OpenUnregistered(Path.Combine(root, "store"), "0_0");
                try
                {
                    var sw = Stopwatch.StartNew();
                    for (var i = 0; i < iterations; i++)
                    {
                        var segment = new RocksDbSegment("windows", store, i, i * 60_000L);
                        segment.Put(key, value);
                        segment.Drop();
                    }

                    prefixMs = sw.Elapsed.TotalMilliseconds / iterations;
                }
                finally
                {
                    store.Close();
                }
            }
            else
            {
                var sw = Stopwatch.StartNew();
                for (var i = 0; i < iterations; i++)
                {
                    var path = Path.Combine(root, "windows." + i.ToString(CultureInfo.InvariantCulture));
                    using (var db = RocksDatabase.Open(path, options))
                    {
                        db.Put(key, value);
                    }

                    Directory.Delete(path, recursive: true);
                }

                databaseMs = sw.Elapsed.TotalMilliseconds / iterations;
            }

            Directory.Delete(root, recursive: true);
        }

        return (databaseMs, familyMs, prefixMs);
    }
}
