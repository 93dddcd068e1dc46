using System.Diagnostics.Metrics;
using Streams.RocksDb.Internal;
using Streams.RocksDb.Tests.TestSupport;
using Streams.State;
using Streams.State.Internal;
using static Streams.RocksDb.Tests.TestSupport.Bytes;

namespace Streams.RocksDb.Tests.Internal;

/// <summary>
/// Time segments of the RocksDB window and session stores (Kafka Streams' <c>RocksDBSegmentedBytesStore</c>), each a
/// key prefix of the store's one database: segment ids and boundaries, expiry of whole segments (range deletes, no
/// manifest or OPTIONS write), reopening, reads across segments, restoration, the memory budget, handles, corruption,
/// and migration of older layouts (single database, database per segment, column family per segment, another interval).
/// </summary>
public sealed class RocksDbSegmentedBytesStoreTests : IDisposable
{
    private const long Interval = 60_000;
    private const long Retention = 120_000; // 3 live segments: retention / interval + 1

    private readonly TempDirectory _dir = new();
    private readonly FakeStateStoreContext _context;
    private readonly List<IStateStore> _stores = [];

    public RocksDbSegmentedBytesStoreTests() => _context = new FakeStateStoreContext(_dir.Combine("app", "0_0"));

    private string StoreDir => Path.Combine(_context.StateDirectory, "rocksdb", "windows");

    /// <summary>The segments in the store's database on disk (prefixes with live keys), by name.</summary>
    private IReadOnlyList<string> Families => SegmentNames.Of(StoreDir, "windows", Interval);

    public void Dispose()
    {
        foreach (var store in _stores.Where(s => s.IsOpen))
        {
            store.Close();
        }

        _dir.Dispose();
    }

    [Fact]
    public void The_segment_interval_defaults_to_half_the_retention_and_at_least_60_s()
    {
        RocksDbSegmentedBytesStore.DefaultSegmentIntervalMs(200_000).Should().Be(100_000);
        RocksDbSegmentedBytesStore.DefaultSegmentIntervalMs(119_999).Should().Be(60_000);
        RocksDbSegmentedBytesStore.DefaultSegmentIntervalMs(0).Should().Be(60_000);
        Open(retentionMs: 600_000, segmentIntervalMs: null).Segments.SegmentIntervalMs.Should().Be(300_000);
    }

    [Fact]
    public void Segment_ids_are_timestamps_divided_by_the_interval_rounded_down()
    {
        var segments = Open().Segments;

        segments.SegmentId(0).Should().Be(0);
        segments.SegmentId(59_999).Should().Be(0);
        segments.SegmentId(60_000).Should().Be(1);
        segments.SegmentId(-1).Should().Be(-1);
        segments.SegmentId(-60_000).Should().Be(-1);
        segments.SegmentId(-60_001).Should().Be(-2);
    }

    [Fact]
    public void Segment_prefixes_order_negative_ids_before_positive_ones_on_disk_and_on_reopen()
    {
        RocksDbSegment.Prefix(-1).AsSpan().SequenceCompareTo(RocksDbSegment.Prefix(0)).Should().BeNegative();
        RocksDbSegment.Prefix(long.MinValue).Should().Equal(new byte[8]);
        RocksDbSegment.IdOf(RocksDbSegment.Prefix(-2)).Should().Be(-2);
        var store = Open(retentionMs: 600_000);
        store.Put(Of("b"), Of("b0"), 0);
        store.Put(Of("a"), Of("a-61"), -61_000);
        store.Put(Of("c"), Of("c-1"), -1);
        store.Close();

        var reopened = Open(retentionMs: 600_000);

        reopened.Segments.Segments.Select(s => s.StartMs).Should().Equal(-120_000, -60_000, 0);
        reopened.Segments.ObservedStreamTime.Should().Be(0);
        Windows(reopened.FetchAll(-120_000, 0)).Should().Equal("a@-61000", "b@0", "c@-1");
    }

    [Fact]
    public void Records_at_the_first_and_last_millisecond_of_a_segment_are_in_that_segment()
    {
        var store = Open();
        store.Put(Of("k"), Of("first"), 60_000);
        store.Put(Of("k"), Of("last"), 119_999);
        store.Put(Of("k"), Of("next"), 120_000);

        store.Segments.Segments.Select(s => s.Name).Should().Equal("windows.60000", "windows.120000");
        var first = store.Segments.Segments[0];
        Str(first.Get(WindowKeySchema.ToStoreKey(Of("k"), 60_000))).Should().Be("first");
        Str(first.Get(WindowKeySchema.ToStoreKey(Of("k"), 119_999))).Should().Be("last");
        first.Get(WindowKeySchema.ToStoreKey(Of("k"), 120_000)).Should().BeNull();
        Str(store.Segments.Segments[1].Get(WindowKeySchema.ToStoreKey(Of("k"), 120_000))).Should().Be("next");
        Families.Should().BeEquivalentTo("windows.60000", "windows.120000");
        Directory.GetDirectories(StoreDir).Should().BeEmpty("segments are column families of the store's database, not directories");
    }

    [Fact]
    public void A_write_into_the_oldest_live_segment_is_kept_and_one_a_millisecond_older_is_dropped_and_counted()
    {
        var store = Open();
        store.Put(Of("k"), Of("now"), 300_000); // oldest live segment: that of 300000 - 120000 = 180000
        using var dropped = new DroppedReasons();

        store.Put(Of("a"), Of("oldest live"), 180_000);
        store.Put(Of("b"), Of("expired"), 179_999);

        dropped.Reasons.Should().Equal(Streams.Processor.Internal.DroppedRecords.ExpiredWindowRecordReason);
        store.Segments.Segments.Select(s => s.StartMs).Should().Equal(180_000, 300_000);
        Str(store.Segments.Segments[0].Get(WindowKeySchema.ToStoreKey(Of("a"), 180_000))).Should().Be("oldest live");
        Families.Should().NotContain("windows.120000", "the expired write created no segment");
    }

    [Fact]
    public void Expired_segments_are_dropped_as_stream_time_advances_keeping_retention_over_interval_plus_one()
    {
        var store = Open();
        for (var t = 0L; t < 240_000; t += 30_000)
        {
            store.Put(Of("k"), Of($"v{t}"), t);
        }

        Families.Should().BeEquivalentTo(
            ["windows.60000", "windows.120000", "windows.180000"], "at stream time 210000 the oldest live segment is that of 90000");

        store.Put(Of("k"), Of("v299999"), 299_999);

        Families.Should().BeEquivalentTo(
            ["windows.120000", "windows.180000", "windows.240000"], "299999 - 120000 = 179999 lies in segment 120000");

        store.Put(Of("k"), Of("v360000"), 360_000);

        Families.Should().BeEquivalentTo(["windows.240000", "windows.360000"]);
        store.Segments.Segments.Select(s => s.StartMs).Should().Equal(240_000, 360_000);
    }

    [Fact]
    public void Reopening_finds_the_segment_prefixes_and_recovers_the_stream_time()
    {
        var store = Open();
        store.Put(Of("a"), Of("a0"), 0);
        store.Put(Of("b"), Of("b60"), 60_000);
        store.Put(Of("c"), Of("c170"), 170_000);
        store.Flush();
        store.Close();

        var reopened = Open();

        reopened.Segments.Segments.Select(s => (s.StartMs, s.IsOpen)).Should().Equal((0L, true), (60_000L, true), (120_000L, true));
        Families.Should().BeEquivalentTo("windows.0", "windows.60000", "windows.120000");
        reopened.Segments.ObservedStreamTime.Should().Be(170_000);
        Str(reopened.Fetch(Of("b"), 60_000)).Should().Be("b60");
        Str(reopened.Segments.Segments[0].Get(WindowKeySchema.ToStoreKey(Of("a"), 0))).Should().Be("a0", "the segment is there, though its window has expired");
        reopened.Fetch(Of("a"), 0).Should().BeNull("window 0 is at or before 170000 - 120000");

        reopened.Put(Of("d"), Of("d180"), 180_000);

        Families.Should().NotContain("windows.0", "stream time 180000 expires segment 0");
    }

    [Fact]
    public void Reads_across_segment_boundaries_come_in_key_order_then_start_and_backwards_in_reverse()
    {
        var store = Open();
        store.Put(Of("b"), Of("b59"), 59_999);
        store.Put(Of("a"), Of("a60"), 60_000);
        store.Put(Of("b"), Of("b60"), 60_000);
        store.Put(Of("a"), Of("a59"), 59_999);
        store.Put(Of("a"), Of("a120"), 120_000);

        Windows(store.FetchAll(0, 200_000)).Should().Equal("a@59999", "a@60000", "a@120000", "b@59999", "b@60000");
        Windows(store.FetchAll(59_999, 60_000)).Should().Equal("a@59999", "a@60000", "b@59999", "b@60000");
        Windows(store.All()).Should().Equal("a@59999", "a@60000", "a@120000", "b@59999", "b@60000");
        IWindowBytesStore reads = store;
        Windows(reads.Fetch(Of("b"), null, 60_000, 120_000)).Should().Equal("b@60000");
        Windows(reads.BackwardFetchAll(0, 200_000)).Should().Equal("b@60000", "b@59999", "a@120000", "a@60000", "a@59999");
        Starts(store.Fetch(Of("a"), 59_999, 120_000)).Should().Equal(59_999, 60_000, 120_000);
        Starts(reads.BackwardFetch(Of("a"), 0, 119_999)).Should().Equal(60_000, 59_999);
    }

    [Fact]
    public void Restoration_writes_each_record_into_its_segment_and_skips_expired_segments()
    {
        var store = Open();
        var restore = _context.Registered.Single().Callback;

        restore.RestoreBatch(
        [
            new(WindowKeySchema.ToStoreKey(Of("a"), 10_000), Of("expired by the last record")),
            new(WindowKeySchema.ToStoreKey(Of("b"), 130_000), Of("b130")),
            new(WindowKeySchema.ToStoreKey(Of("c"), 200_000), Of("c200")),
            new(WindowKeySchema.ToStoreKey(Of("b"), 130_000), null),
            new(WindowKeySchema.ToStoreKey(Of("d"), 130_000), Of("d130")),
        ]);

        store.Segments.ObservedStreamTime.Should().Be(200_000);
        store.Segments.Segments.Select(s => s.StartMs).Should().Equal(120_000, 180_000);
        Families.Should().NotContain("windows.0");
        Windows(store.All()).Should().Equal("c@200000", "d@130000");
    }

    [Fact]
    public void The_store_database_is_one_memtable_owner_under_the_shared_memory_budget_with_the_store_settings()
    {
        var configured = new List<(string Store, string Directory)>();
        var options = new RocksDbOptions
        {
            ConfigureStore = (name, settings) =>
            {
                configured.Add((name, settings.Directory));
                settings.Compression = RocksDbCompression.Lz4;
            },
        };
        var store = Open(options: options);

        store.Put(Of("k"), Of("0"), 0);
        store.Put(Of("k"), Of("60"), 60_000);
        store.Put(Of("k"), Of("120"), 120_000);

        var budget = options.Budget;
        budget.OpenDatabases.Should().Be(1);
        budget.OpenShares.Should().Be(1, "all segments share the store's one memtable");
        store.Segments.Database!.WriteBufferSize.Should().Be(budget.WriteBufferSizeFor(1));
        OptionsFile.Value(StoreDir, "compression").Should().Be("kLZ4Compression");
        configured.Should().Equal([("windows", StoreDir)], "the store's one database is configured once, for all its segments");

        store.Put(Of("k"), Of("180"), 180_000);
        budget.OpenShares.Should().Be(1, "creating and dropping segments changes no share");
        store.Close();
        budget.OpenShares.Should().Be(0);
    }

    [Fact]
    public void A_store_directory_of_the_single_database_layout_is_migrated_into_segments_on_open()
    {
        var old = new RocksDbKeyValueBytesStore("windows", new RocksDbOptions());
        old.Init(_context, old);
        old.Put(WindowKeySchema.ToStoreKey(Of("a"), 0), Of("expired at 200000"));
        old.Put(WindowKeySchema.ToStoreKey(Of("a"), 90_000), Of("a90"));
        old.Put(WindowKeySchema.ToStoreKey(Of("b"), 200_000), Of("b200"));
        old.Close();
        File.Exists(Path.Combine(StoreDir, "CURRENT")).Should().BeTrue();

        var store = Open();

        Directory.Exists(Path.Combine(_context.StateDirectory, "rocksdb", ".windows.migrating")).Should().BeFalse();
        Families.Should().BeEquivalentTo("windows.60000", "windows.180000");
        File.ReadAllText(Path.Combine(StoreDir, RocksDbSegmentedBytesStore.IntervalFileName)).Should().Be("60000");
        Windows(store.All()).Should().Equal("a@90000", "b@200000");
        store.Segments.ObservedStreamTime.Should().Be(200_000);
    }

    [Fact]
    public void Segments_written_with_another_interval_are_moved_into_segments_of_the_new_one_on_open()
    {
        var store = Open(segmentIntervalMs: 120_000);
        store.Put(Of("a"), Of("a60"), 60_000);
        store.Put(Of("b"), Of("b130"), 130_000);
        store.Close();

        var reopened = Open(segmentIntervalMs: 60_000);

        Families.Should().BeEquivalentTo("windows.60000", "windows.120000");
        Windows(reopened.All()).Should().Equal("a@60000", "b@130000");
        File.ReadAllText(Path.Combine(StoreDir, RocksDbSegmentedBytesStore.IntervalFileName)).Should().Be("60000");
    }

    [Fact]
    public void An_open_iterator_still_reads_a_segment_dropped_after_it_began()
    {
        var store = Open();
        store.Put(Of("a"), Of("a0"), 0);
        store.Put(Of("b"), Of("b1"), 1);
        var iterator = store.FetchAll(0, 1);
        iterator.MoveNext().Should().BeTrue();

        store.Put(Of("z"), Of("z180"), 180_000);

        Families.Should().NotContain("windows.0", "the segment is dropped at once");
        iterator.MoveNext().Should().BeTrue("the read began before segment 0 expired: it reads the database as of then");
        Windows(iterator).Should().BeEmpty();
        iterator.Dispose();
    }

    [Fact]
    public void A_foreach_over_a_window_iterator_disposes_the_segments_iterators_when_the_loop_ends()
    {
        var store = Open();
        store.Put(Of("a"), Of("a0"), 0);
        store.Put(Of("b"), Of("b1"), 1);

        var seen = new List<string>();
        foreach (var (window, value) in store.FetchAll(0, 1))
        {
            seen.Add($"{Str(window.Key)}@{window.Window.StartMs}={Str(value)}");
            if (seen.Count == 1)
            {
                store.Put(Of("z"), Of("z180"), 180_000); // expires segment 0 while the loop still reads it
            }
        }

        seen.Should().Equal("a@0=a0", "b@1=b1");
        store.Segments.Database!.OpenIteratorCount.Should().Be(0, "foreach disposed the segments' iterators");
        Families.Should().NotContain("windows.0", "the segment was dropped at once, the loop reading its view as of its start");
    }

    [Fact]
    public void Window_iterators_of_the_segmented_store_enumerate_once_with_LINQ()
    {
        var store = Open();
        store.Put(Of("a"), Of("a59"), 59_999);
        store.Put(Of("a"), Of("a60"), 60_000);

        var iterator = store.Fetch(Of("a"), 0, 120_000);
        iterator.Select(kv => kv.Key).Should().Equal(59_999, 60_000);
        FluentActions.Invoking(() => iterator.ToList()).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Creating_and_expiring_segments_writes_no_manifest_record_options_file_or_column_family()
    {
        var options = new RocksDbOptions();
        var store = Open(options: options);
        store.Put(Of("a"), Of("a0"), 0);
        var manifest = Directory.GetFiles(StoreDir, "MANIFEST-*").Single();
        var manifestLength = new FileInfo(manifest).Length;
        var optionsFiles = Directory.GetFiles(StoreDir, "OPTIONS-*");

        for (var t = 60_000L; t <= 1_200_000; t += 60_000)
        {
            store.Put(Of("k"), Of($"v{t}"), t); // a new segment every put, the oldest dropped
        }

        store.Flush();
        Directory.GetFiles(StoreDir, "MANIFEST-*").Should().Equal([manifest]);
        new FileInfo(manifest).Length.Should().Be(manifestLength, "segments are key prefixes: creating or dropping one changes no metadata");
        Directory.GetFiles(StoreDir, "OPTIONS-*").Should().BeEquivalentTo(optionsFiles);
        store.Segments.Segments.Select(s => s.StartMs).Should().Equal(1_080_000, 1_140_000, 1_200_000);
        Families.Should().BeEquivalentTo("windows.1080000", "windows.1140000", "windows.1200000");
        Windows(store.All()).Should().Equal("k@1140000", "k@1200000"); // window 1080000 is at stream time minus retention
        options.Budget.OpenShares.Should().Be(1);
    }

    [Fact]
    public void A_dropped_segment_gets_its_disk_space_back_by_compaction()
    {
        var store = Open();
        var value = new byte[1000];
        for (var i = 0; i < 2_000; i++)
        {
            store.Put(Of($"k{i}"), value, i);
        }

        var db = store.Segments.Database!;
        db.Flush();
        var sstBefore = Directory.GetFiles(StoreDir, "*.sst").Sum(f => new FileInfo(f).Length);
        sstBefore.Should().BeGreaterThan(1_000_000);

        store.Put(Of("z"), Of("z"), 180_000);
        db.Flush();
        db.CompactAll();

        Directory.GetFiles(StoreDir, "*.sst").Sum(f => new FileInfo(f).Length).Should().BeLessThan(sstBefore / 10, "compaction drops the keys under the segment's range delete");
    }

    [Fact]
    public void Files_holding_only_expired_segments_are_deleted_when_a_segment_is_dropped()
    {
        var store = Open();
        var value = new byte[1000];
        for (var i = 0; i < 2_000; i++)
        {
            store.Put(Of($"k{i}"), value, i);
        }

        var db = store.Segments.Database!;
        db.Flush();
        db.CompactAll(); // out of level 0, which RocksDB's DeleteFilesInRange leaves alone
        var sstBefore = Directory.GetFiles(StoreDir, "*.sst").Sum(f => new FileInfo(f).Length);
        sstBefore.Should().BeGreaterThan(1_000_000);
        store.Put(Of("z"), Of("z"), 180_000); // drops segment 0: a range delete, and the files of only expired segments

        Directory.GetFiles(StoreDir, "*.sst").Sum(f => new FileInfo(f).Length).Should().BeLessThan(sstBefore / 10, "the file of the expired segment is deleted whole");
        Windows(store.All()).Should().Equal("z@180000");
        store.Close();
        Windows(Open().All()).Should().Equal("z@180000");
    }

    [Fact]
    public void Segments_expired_at_the_recovered_stream_time_are_dropped_on_reopen()
    {
        var store = Open();
        store.Put(Of("a"), Of("a0"), 0);
        store.Put(Of("b"), Of("b60"), 60_000);
        store.Put(Of("c"), Of("c170"), 170_000);
        store.Close();

        var reopened = Open(retentionMs: 60_000); // now the oldest live segment is that of 170000 - 60000 = 110000

        reopened.Segments.Segments.Select(s => s.StartMs).Should().Equal(60_000, 120_000);
        Families.Should().BeEquivalentTo("windows.60000", "windows.120000");
        Windows(reopened.All()).Should().Equal("c@170000");
    }

    [Fact]
    public void A_store_directory_of_the_database_per_segment_layout_is_migrated_into_key_prefixes_on_open()
    {
        // The previous layout: {store}/.segment-interval and one RocksDB database per segment in {store}/{store}.{start}.
        Directory.CreateDirectory(StoreDir);
        File.WriteAllText(Path.Combine(StoreDir, RocksDbSegmentedBytesStore.IntervalFileName), "60000");
        var oldOptions = new RocksDbOptions();
        foreach (var (start, key, time) in new[] { (0L, "a", 11_000L), (60_000L, "b", 70_000L), (120_000L, "c", 130_000L) })
        {
            using var db = Streams.RocksDb.Native.RocksDatabase.Open(Path.Combine(StoreDir, $"windows.{start}"), oldOptions);
            db.Put(WindowKeySchema.ToStoreKey(Of(key), time), Of(key + time));
        }

        var store = Open();

        Directory.GetDirectories(StoreDir).Should().BeEmpty("the segment databases were copied and deleted");
        Directory.Exists(Path.Combine(_context.StateDirectory, "rocksdb", ".windows.migrating")).Should().BeFalse();
        Families.Should().BeEquivalentTo("windows.0", "windows.60000", "windows.120000");
        Windows(store.All()).Should().Equal("a@11000", "b@70000", "c@130000");
        store.Segments.ObservedStreamTime.Should().Be(130_000);
        store.Close();

        var reopened = Open();
        Windows(reopened.All()).Should().Equal("a@11000", "b@70000", "c@130000");
    }

    [Fact]
    public void An_interrupted_migration_starts_over_from_the_moved_aside_databases()
    {
        // A crash during a migration left a partial copy in the store directory and the sources in .windows.migrating.
        var partial = Open();
        partial.Put(Of("stale"), Of("partial copy"), 10_000);
        partial.Close();
        var migrating = Path.Combine(_context.StateDirectory, "rocksdb", ".windows.migrating");
        Directory.CreateDirectory(migrating);
        using (var db = Streams.RocksDb.Native.RocksDatabase.Open(Path.Combine(migrating, "windows.0"), new RocksDbOptions()))
        {
            db.Put(WindowKeySchema.ToStoreKey(Of("a"), 10_000), Of("a10"));
            db.Put(WindowKeySchema.ToStoreKey(Of("b"), 20_000), Of("b20"));
        }

        var store = Open();

        Windows(store.All()).Should().Equal("a@10000", "b@20000");
        Directory.Exists(migrating).Should().BeFalse();
    }

    [Fact]
    public void Closing_the_store_releases_the_database_and_the_iterators()
    {
        var options = new RocksDbOptions();
        var store = Open(options: options);
        store.Put(Of("a"), Of("a0"), 0);
        store.Put(Of("b"), Of("b60"), 60_000);
        store.Put(Of("c"), Of("c120"), 120_000);
        var db = store.Segments.Database!;
        var iterator = store.FetchAll(0, 200_000);
        iterator.MoveNext().Should().BeTrue();
        store.Put(Of("d"), Of("d180"), 180_000); // segment 0 expires while the iterator reads it

        store.Close();

        db.IsDisposed.Should().BeTrue();
        db.OpenIteratorCount.Should().Be(0);
        options.Budget.OpenShares.Should().Be(0);
        FluentActions.Invoking(() => iterator.MoveNext()).Should().Throw<ObjectDisposedException>();
        iterator.Dispose();
        Families.Should().BeEquivalentTo(["windows.60000", "windows.120000", "windows.180000"]);
    }

    [Fact]
    public void A_store_directory_of_the_column_family_per_segment_layout_is_migrated_into_key_prefixes_on_open()
    {
        // The previous layout: {store}/.segment-interval, no layout file, one database with a column family per segment.
        Directory.CreateDirectory(StoreDir);
        File.WriteAllText(Path.Combine(StoreDir, RocksDbSegmentedBytesStore.IntervalFileName), "60000");
        using (var db = Streams.RocksDb.Native.RocksDatabase.OpenWithColumnFamilies(StoreDir, new RocksDbOptions()))
        {
            foreach (var (start, key, time) in new[] { (0L, "a", 11_000L), (60_000L, "b", 70_000L), (120_000L, "c", 130_000L) })
            {
                var family = db.CreateColumnFamily($"windows.{start}");
                db.Put(WindowKeySchema.ToStoreKey(Of(key), time), Of(key + time), family);
            }
        }

        var store = Open();

        Directory.Exists(Path.Combine(_context.StateDirectory, "rocksdb", ".windows.migrating")).Should().BeFalse();
        File.ReadAllText(Path.Combine(StoreDir, RocksDbSegmentedBytesStore.LayoutFileName)).Should().Be(RocksDbSegmentedBytesStore.LayoutKeyPrefix);
        Families.Should().BeEquivalentTo("windows.0", "windows.60000", "windows.120000");
        Windows(store.All()).Should().Equal("a@11000", "b@70000", "c@130000");
        store.Segments.ObservedStreamTime.Should().Be(130_000);
        store.Close();

        var reopened = Open();
        Windows(reopened.All()).Should().Equal("a@11000", "b@70000", "c@130000");
    }

    [Fact]
    public void With_OnCorruption_Wipe_a_corrupt_store_database_is_deleted_and_the_store_reopens_empty()
    {
        var options = new RocksDbOptions { OnCorruption = RocksDbCorruptionHandling.Wipe };
        var store = Open(options: options);
        store.Put(Of("a"), Of("a0"), 0);
        store.Close();
        File.WriteAllText(Path.Combine(StoreDir, "CURRENT"), "garbage");

        var reopen = () => Open(options: options);

        reopen.Should().Throw<StateStoreException>().Where(e => e.Message.Contains("'windows'") && e.Message.Contains("deleted it"));
        Directory.Exists(StoreDir).Should().BeFalse();
        var reopened = Open(options: options);
        Windows(reopened.All()).Should().BeEmpty();
    }

    private RocksDbSegmentedWindowBytesStore Open(long retentionMs = Retention, long? segmentIntervalMs = Interval, RocksDbOptions? options = null)
    {
        var store = new RocksDbSegmentedWindowBytesStore("windows", retentionMs, 10, retainDuplicates: false, options ?? new RocksDbOptions(), segmentIntervalMs);
        _stores.Add(store);
        _context.Registered.Clear();
        store.Init(_context, store);
        return store;
    }

    private static List<string> Windows(IKeyValueIterator<Windowed<byte[]>, byte[]> iterator)
    {
        using (iterator)
        {
            var list = new List<string>();
            while (iterator.MoveNext())
            {
                list.Add($"{Str(iterator.Current.Key.Key)}@{iterator.Current.Key.Window.StartMs}");
            }

            return list;
        }
    }

    private static List<long> Starts(IKeyValueIterator<long, byte[]> iterator)
    {
        using (iterator)
        {
            var list = new List<long>();
            while (iterator.MoveNext())
            {
                list.Add(iterator.Current.Key);
            }

            return list;
        }
    }

    /// <summary>The reason tags of <c>streams.task.records.dropped</c> measured on this thread.</summary>
    private sealed class DroppedReasons : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly int _thread = Environment.CurrentManagedThreadId;

        public DroppedReasons()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Streams" && instrument.Name == "streams.task.records.dropped")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                if (Environment.CurrentManagedThreadId == _thread)
                {
                    foreach (var tag in tags)
                    {
                        if (tag.Key == "reason")
                        {
                            Reasons.Add(tag.Value as string);
                        }
                    }
                }
            });
            _listener.Start();
        }

        public List<string?> Reasons { get; } = [];

        public void Dispose() => _listener.Dispose();
    }
}
