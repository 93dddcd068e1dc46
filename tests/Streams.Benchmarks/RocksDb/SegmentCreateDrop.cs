using System.Diagnostics;
using System.Globalization;
using Streams.RocksDb;
using Streams.RocksDb.Native;

namespace Streams.Benchmarks.RocksDb;

/// <summary>
/// Part of the <c>rocksdb --scenario segments</c> command: the cost of one segment's life, created, written once and
/// dropped, through this repository's RocksDB layer under default <see cref="RocksDbOptions"/>. "database": the
/// database-per-segment layout (open a new database in a new directory, put, close, delete the directory); "column
/// family": this layout (create a column family in the store's open database, put, drop it). Same run, alternating.
/// </summary>
internal static class SegmentCreateDrop
{
    /// <summary>Milliseconds per segment life of each side, <paramref name="iterations"/> lives each, under <paramref name="dir"/>.</summary>
    public static (double DatabaseMs, double ColumnFamilyMs) Run(string dir, int iterations, bool columnFamilyFirst)
    {
        var options = new RocksDbOptions();
        var key = "key-0000000001"u8.ToArray();
        var value = new byte[100];
        double databaseMs = 0;
        double familyMs = 0;
        for (var side = 0; side < 2; side++)
        {
            var columnFamilies = (side == 0) == columnFamilyFirst;
            var root = Path.Combine(dir, columnFamilies ? "cf" : "db");
            Directory.CreateDirectory(root);
            if (columnFamilies)
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

        return (databaseMs, familyMs);
    }
}
