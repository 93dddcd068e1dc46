using Streams.RocksDb.Native;
using Streams.RocksDb.Tests.TestSupport;
using static Streams.RocksDb.Tests.TestSupport.Bytes;

namespace Streams.RocksDb.Tests.Native;

public sealed class RocksDatabaseTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private RocksDatabase Open(string name = "db") => RocksDatabase.Open(_dir.Combine(name), new RocksDbOptions());

    [Fact]
    public void The_native_library_is_RocksDB_11_12_from_the_RocksDB_package_not_a_system_one()
    {
        using var db = Open();

        OptionsFile.Value(db.Path, "rocksdb_version").Should().Be("11.12.0");
        if (OperatingSystem.IsLinux())
        {
            // Only one RocksDB may be in the process (two share process-wide symbols): the package's, from its runtimes folder.
            var mapped = File.ReadLines("/proc/self/maps")
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(fields => fields.Length >= 6 && Path.GetFileName(fields[5]).StartsWith("librocksdb", StringComparison.Ordinal))
                .Select(fields => fields[5])
                .Distinct(StringComparer.Ordinal)
                .ToList();
            mapped.Should().ContainSingle().Which.Should().EndWith(Path.Combine("runtimes", "linux-x64", "native", "librocksdb.so"));
        }
    }

    [Theory]
    [InlineData(RocksDbCompression.None, "kNoCompression")]
    [InlineData(RocksDbCompression.Snappy, "kSnappyCompression")]
    [InlineData(RocksDbCompression.Lz4, "kLZ4Compression")]
    [InlineData(RocksDbCompression.Zstd, "kZSTD")]
    public void Every_compression_is_built_into_the_native_library(RocksDbCompression compression, string optionValue)
    {
        var path = _dir.Combine(compression.ToString());
        using var db = RocksDatabase.Open(path, new RocksDbOptions(), new RocksDbStoreSettings("s", path) { Compression = compression });
        for (var i = 0; i < 1000; i++)
        {
            db.Put(Of($"key-{i:D5}"), Of(new string('v', 100)));
        }

        db.Flush();

        OptionsFile.Value(path, "compression").Should().Be(optionValue);
        Str(db.Get(Of("key-00042"))).Should().HaveLength(100);
    }

    [Fact]
    public void Put_then_get_returns_the_value_and_missing_keys_return_null()
    {
        using var db = Open();
        db.Put(Of("k1"), Of("v1"));

        Str(db.Get(Of("k1"))).Should().Be("v1");
        db.Get(Of("absent")).Should().BeNull();
    }

    [Fact]
    public void Put_overwrites_and_delete_removes()
    {
        using var db = Open();
        db.Put(Of("k"), Of("v1"));
        db.Put(Of("k"), Of("v2"));
        Str(db.Get(Of("k"))).Should().Be("v2");

        db.Delete(Of("k"));
        db.Get(Of("k")).Should().BeNull();

        var deleteAbsent = () => db.Delete(Of("never-written"));
        deleteAbsent.Should().NotThrow();
    }

    [Fact]
    public void Empty_values_and_empty_keys_are_distinct_from_absent()
    {
        using var db = Open();
        db.Put(Of("k"), ReadOnlySpan<byte>.Empty);
        db.Put(ReadOnlySpan<byte>.Empty, Of("empty-key"));

        db.Get(Of("k")).Should().NotBeNull().And.BeEmpty();
        Str(db.Get(ReadOnlySpan<byte>.Empty)).Should().Be("empty-key");
    }

    [Fact]
    public void Large_values_and_binary_bytes_round_trip()
    {
        using var db = Open();
        var key = new byte[] { 0, 255, 0, 1 };
        var value = new byte[3 * 1024 * 1024];
        new Random(42).NextBytes(value);

        db.Put(key, value);

        db.Get(key).Should().Equal(value);
    }

    [Fact]
    public void Write_applies_a_batch_of_puts_and_deletes()
    {
        using var db = Open();
        db.Put(Of("gone"), Of("x"));
        using var batch = new RocksWriteBatch();
        batch.Put(Of("a"), Of("1"));
        batch.Put(Of("b"), Of("2"));
        batch.Delete(Of("gone"));

        db.Write(batch);

        Str(db.Get(Of("a"))).Should().Be("1");
        Str(db.Get(Of("b"))).Should().Be("2");
        db.Get(Of("gone")).Should().BeNull();
    }

    [Fact]
    public void Data_persists_across_close_and_reopen_with_and_without_flush()
    {
        using (var db = Open())
        {
            db.Put(Of("flushed"), Of("1"));
            db.Flush();
            db.Put(Of("in-wal-only"), Of("2"));
            db.FlushWal(sync: true);
        }

        using var reopened = Open();
        Str(reopened.Get(Of("flushed"))).Should().Be("1");
        Str(reopened.Get(Of("in-wal-only"))).Should().Be("2");
    }

    [Fact]
    public void Iterators_return_keys_in_unsigned_byte_order()
    {
        using var db = Open();
        byte[][] keys = [[0x80], [0x01], [0xFF], [0x00], [0x7F], [0x01, 0x00], [0xFF, 0xFF]];
        foreach (var k in keys)
        {
            db.Put(k, k);
        }

        using var it = db.NewIterator();
        var seen = new List<byte[]>();
        for (it.SeekToFirst(); it.Valid; it.Next())
        {
            it.Value().Should().Equal(it.Key());
            seen.Add(it.Key());
        }

        seen.Should().BeEquivalentTo(
            [new byte[] { 0x00 }, [0x01], [0x01, 0x00], [0x7F], [0x80], [0xFF], [0xFF, 0xFF]],
            o => o.WithStrictOrdering());
    }

    [Fact]
    public void Closing_the_database_disposes_its_open_iterators()
    {
        var db = Open();
        db.Put(Of("a"), Of("1"));
        var it = db.NewIterator();
        it.SeekToFirst();
        db.OpenIteratorCount.Should().Be(1);

        db.Dispose();

        var valid = () => it.Valid;
        valid.Should().Throw<ObjectDisposedException>();
        var seek = () => it.Seek(Of("a"));
        seek.Should().Throw<ObjectDisposedException>();
        var dispose = () => it.Dispose();
        dispose.Should().NotThrow();
    }

    [Fact]
    public void Disposed_iterators_are_no_longer_tracked()
    {
        using var db = Open();
        var it1 = db.NewIterator();
        var it2 = db.NewIterator(Of("z"));
        db.OpenIteratorCount.Should().Be(2);

        it1.Dispose();
        it2.Dispose();
        it2.Dispose();

        db.OpenIteratorCount.Should().Be(0);
    }

    [Fact]
    public void Every_operation_after_dispose_throws_ObjectDisposedException()
    {
        var db = Open();
        db.Dispose();
        db.Dispose();

        ((Action)(() => db.Get(Of("k")))).Should().Throw<ObjectDisposedException>();
        ((Action)(() => db.Put(Of("k"), Of("v")))).Should().Throw<ObjectDisposedException>();
        ((Action)(() => db.Delete(Of("k")))).Should().Throw<ObjectDisposedException>();
        ((Action)(() => db.NewIterator())).Should().Throw<ObjectDisposedException>();
        ((Action)(() => db.Flush())).Should().Throw<ObjectDisposedException>();
        ((Action)(() => db.GetIntProperty("rocksdb.estimate-num-keys"))).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Opening_an_open_directory_again_fails_with_a_lock_error()
    {
        using var db = Open();

        var second = () => Open();

        second.Should().Throw<RocksDbException>()
            .Where(e => e.Kind == RocksDbStatusKind.Locked && e.Message.Contains("LOCK"));
    }

    [Fact]
    public void A_directory_whose_CURRENT_file_is_garbage_fails_with_a_corruption_error()
    {
        using (var db = Open())
        {
            db.Put(Of("k"), Of("v"));
        }

        File.WriteAllText(_dir.Combine("db", "CURRENT"), "garbage");

        var reopen = () => Open();

        reopen.Should().Throw<RocksDbException>().Where(e => e.Kind == RocksDbStatusKind.Corruption);
    }

    [Fact]
    public void Properties_report_an_estimate_of_the_number_of_keys()
    {
        using var db = Open();
        for (var i = 0; i < 100; i++)
        {
            db.Put(Of($"k{i:D3}"), Of("v"));
        }

        db.GetIntProperty("rocksdb.estimate-num-keys").Should().Be(100UL);
        db.GetIntProperty("rocksdb.no-such-property").Should().BeNull();
        db.GetProperty("rocksdb.stats").Should().NotBeNullOrEmpty();
        db.GetProperty("rocksdb.no-such-property").Should().BeNull();
    }

    [Fact]
    public void Opening_and_closing_200_times_leaves_a_directory_that_can_be_deleted()
    {
        var path = _dir.Combine("loop");
        var options = new RocksDbOptions();
        for (var i = 0; i < 200; i++)
        {
            using var db = RocksDatabase.Open(path, options);
            db.Put(Of($"k{i}"), Of("v"));
            using var it = db.NewIterator();
            it.SeekToFirst();
        }

        using (var db = RocksDatabase.Open(path, options))
        {
            db.GetIntProperty("rocksdb.estimate-num-keys").Should().BeGreaterThan(0);
            Str(db.Get(Of("k199"))).Should().Be("v");
        }

        Directory.GetFiles(path, "LOG.old*").Length.Should().BeLessThanOrEqualTo(5);
        Directory.Delete(path, recursive: true);
        Directory.Exists(path).Should().BeFalse();
    }
}
