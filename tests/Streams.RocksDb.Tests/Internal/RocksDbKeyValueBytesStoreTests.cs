using Streams.RocksDb.Internal;
using Streams.RocksDb.Tests.TestSupport;
using Streams.State;
using static Streams.RocksDb.Tests.TestSupport.Bytes;

namespace Streams.RocksDb.Tests.Internal;

public sealed class RocksDbKeyValueBytesStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeStateStoreContext _context;
    private readonly List<RocksDbKeyValueBytesStore> _stores = [];

    public RocksDbKeyValueBytesStoreTests() => _context = new FakeStateStoreContext(_dir.Combine("app", "0_0"));

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Close();
        }

        _dir.Dispose();
    }

    private RocksDbKeyValueBytesStore OpenStore(string name = "counts", RocksDbOptions? options = null)
    {
        var store = new RocksDbKeyValueBytesStore(name, options ?? new RocksDbOptions());
        _stores.Add(store);
        store.Init(_context, store);
        return store;
    }

    private static void PutAll(RocksDbKeyValueBytesStore store, params string[] keys)
    {
        foreach (var k in keys)
        {
            store.Put(Of(k), Of(k.ToUpperInvariant()));
        }
    }

    [Fact]
    public void Init_opens_under_the_task_directory_and_registers_the_root_with_the_store_as_callback()
    {
        var store = new RocksDbKeyValueBytesStore("counts");
        _stores.Add(store);
        var root = new RocksDbKeyValueBytesStore("outer");

        store.Init(_context, root);

        store.IsOpen.Should().BeTrue();
        store.Persistent.Should().BeTrue();
        store.Name.Should().Be("counts");
        store.DbDirectory.Should().Be(Path.Combine(_context.StateDirectory, "rocksdb", "counts"));
        File.Exists(Path.Combine(store.DbDirectory!, "CURRENT")).Should().BeTrue();
        _context.Registered.Should().ContainSingle();
        _context.Registered[0].Store.Should().BeSameAs(root);
        _context.Registered[0].Callback.Should().BeSameAs(store);
    }

    [Fact]
    public void Get_put_and_delete_follow_the_key_value_contract()
    {
        var store = OpenStore();
        store.Put(Of("a"), Of("1"));
        store.Put(Of("b"), Of("2"));

        Str(store.Get(Of("a"))).Should().Be("1");
        store.Get(Of("missing")).Should().BeNull();

        store.Put(Of("a"), null);
        store.Delete(Of("b"));

        store.Get(Of("a")).Should().BeNull();
        store.Get(Of("b")).Should().BeNull();
    }

    [Fact]
    public void PutAll_applies_entries_in_order_with_null_values_deleting()
    {
        var store = OpenStore();
        store.Put(Of("old"), Of("x"));

        store.PutAll(
        [
            new(Of("a"), Of("1")),
            new(Of("old"), null),
            new(Of("b"), Of("2")),
            new(Of("a"), Of("3")),
        ]);

        Str(store.Get(Of("a"))).Should().Be("3");
        Str(store.Get(Of("b"))).Should().Be("2");
        store.Get(Of("old")).Should().BeNull();

        store.PutAll([new(Of("c"), Of("4"))]);
        Str(store.Get(Of("c"))).Should().Be("4");
        store.Get(Of("old")).Should().BeNull("a batch must not replay the previous batch's operations");
    }

    [Fact]
    public void Range_includes_both_bounds_and_null_bounds_are_open()
    {
        var store = OpenStore();
        PutAll(store, "a", "b", "ba", "bb", "c", "d");

        using (var it = store.Range(Of("b"), Of("c")))
        {
            Keys(it).Should().Equal("b", "ba", "bb", "c");
        }

        using (var it = store.Range(null, Of("b")))
        {
            Keys(it).Should().Equal("a", "b");
        }

        using (var it = store.Range(Of("bb"), null))
        {
            Keys(it).Should().Equal("bb", "c", "d");
        }

        using (var it = store.Range(null, null))
        {
            Keys(it).Should().Equal("a", "b", "ba", "bb", "c", "d");
        }
    }

    [Fact]
    public void Range_returns_values_and_an_inverted_range_is_empty()
    {
        var store = OpenStore();
        PutAll(store, "a", "b", "c");

        using (var it = store.Range(Of("b"), Of("b")))
        {
            it.MoveNext().Should().BeTrue();
            Str(it.Current.Key).Should().Be("b");
            Str(it.Current.Value).Should().Be("B");
            it.MoveNext().Should().BeFalse();
            it.MoveNext().Should().BeFalse();
        }

        using var inverted = store.Range(Of("c"), Of("a"));
        inverted.MoveNext().Should().BeFalse();
    }

    [Fact]
    public void Range_orders_by_unsigned_bytes_and_includes_keys_that_extend_the_upper_bound_only_when_equal()
    {
        var store = OpenStore();
        byte[][] keys = [[0x01], [0x7F], [0x80], [0x80, 0x00], [0x80, 0x01], [0xFF]];
        foreach (var k in keys.Reverse())
        {
            store.Put(k, [1]);
        }

        using var it = store.Range([0x7F], [0x80]);
        var seen = new List<byte[]>();
        while (it.MoveNext())
        {
            seen.Add(it.Current.Key);
        }

        seen.Should().BeEquivalentTo([new byte[] { 0x7F }, [0x80]], o => o.WithStrictOrdering());

        using var all = store.Range(null, null);
        var ordered = new List<byte[]>();
        while (all.MoveNext())
        {
            ordered.Add(all.Current.Key);
        }

        ordered.Should().BeEquivalentTo(keys, o => o.WithStrictOrdering());
    }

    [Fact]
    public void PrefixScan_returns_exactly_the_keys_with_the_prefix()
    {
        var store = OpenStore();
        PutAll(store, "a", "b", "ba", "bb", "bz", "c");

        using (var it = store.PrefixScan(Of("b")))
        {
            Keys(it).Should().Equal("b", "ba", "bb", "bz");
        }

        using (var it = store.PrefixScan(Of("x")))
        {
            Keys(it).Should().BeEmpty();
        }

        using (var it = store.PrefixScan([]))
        {
            Keys(it).Should().HaveCount(6);
        }
    }

    [Fact]
    public void PrefixScan_handles_prefixes_ending_in_0xFF()
    {
        var store = OpenStore();
        byte[][] keys = [[0x01, 0xFE], [0x01, 0xFF], [0x01, 0xFF, 0x00], [0x01, 0xFF, 0xFF], [0x02], [0xFF, 0xFF, 0x01]];
        foreach (var k in keys)
        {
            store.Put(k, [1]);
        }

        Collect(store.PrefixScan([0x01, 0xFF])).Should().BeEquivalentTo(
            [new byte[] { 0x01, 0xFF }, [0x01, 0xFF, 0x00], [0x01, 0xFF, 0xFF]], o => o.WithStrictOrdering());
        Collect(store.PrefixScan([0xFF, 0xFF])).Should().BeEquivalentTo([new byte[] { 0xFF, 0xFF, 0x01 }]);

        static List<byte[]> Collect(IKeyValueIterator<byte[], byte[]> it)
        {
            using (it)
            {
                var list = new List<byte[]>();
                while (it.MoveNext())
                {
                    list.Add(it.Current.Key);
                }

                return list;
            }
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x61 }, new byte[] { 0x62 })]
    [InlineData(new byte[] { 0x61, 0xFF }, new byte[] { 0x62 })]
    [InlineData(new byte[] { 0x00, 0xFF, 0xFF }, new byte[] { 0x01 })]
    [InlineData(new byte[] { 0x01, 0x02 }, new byte[] { 0x01, 0x03 })]
    public void PrefixEnd_is_the_smallest_key_after_all_keys_with_the_prefix(byte[] prefix, byte[] expected) =>
        RocksDbKeyValueBytesStore.PrefixEnd(prefix).Should().Equal(expected);

    [Fact]
    public void PrefixEnd_is_null_when_no_key_follows_the_prefix()
    {
        RocksDbKeyValueBytesStore.PrefixEnd([]).Should().BeNull();
        RocksDbKeyValueBytesStore.PrefixEnd([0xFF, 0xFF]).Should().BeNull();
    }

    [Fact]
    public void ApproximateNumEntries_estimates_the_key_count()
    {
        var store = OpenStore();
        for (var i = 0; i < 50; i++)
        {
            store.Put(Of($"k{i:D2}"), Of("v"));
        }

        store.ApproximateNumEntries.Should().Be(50);
    }

    [Fact]
    public void RestoreBatch_applies_changelog_records_including_tombstones()
    {
        var store = OpenStore();
        store.Put(Of("deleted-by-changelog"), Of("x"));
        IStateRestoreCallback callback = _context.Registered[0].Callback;

        callback.RestoreBatch([new(Of("a"), Of("1")), new(Of("deleted-by-changelog"), null), new(Of("a"), Of("2"))]);
        callback.RestoreBatch([new(Of("b"), Of("3"))]);

        Str(store.Get(Of("a"))).Should().Be("2");
        Str(store.Get(Of("b"))).Should().Be("3");
        store.Get(Of("deleted-by-changelog")).Should().BeNull();
    }

    [Fact]
    public void Data_persists_across_close_and_reopen()
    {
        var store = OpenStore();
        store.Put(Of("a"), Of("1"));
        store.PutAll([new(Of("b"), Of("2"))]);
        store.Flush();
        store.Put(Of("c"), Of("3"));
        store.Close();
        store.IsOpen.Should().BeFalse();

        var reopened = OpenStore();

        Str(reopened.Get(Of("a"))).Should().Be("1");
        Str(reopened.Get(Of("b"))).Should().Be("2");
        Str(reopened.Get(Of("c"))).Should().Be("3", "writes go through the write-ahead log even without Flush");
    }

    [Fact]
    public void The_same_instance_can_be_initialized_again_after_close()
    {
        var store = OpenStore();
        store.Put(Of("a"), Of("1"));
        store.Close();

        store.Init(_context, store);

        Str(store.Get(Of("a"))).Should().Be("1");
    }

    [Fact]
    public void Init_while_open_throws()
    {
        var store = OpenStore();

        var again = () => store.Init(_context, store);

        again.Should().Throw<InvalidOperationException>().WithMessage("*counts*");
    }

    [Fact]
    public void Stores_with_different_names_live_in_different_directories()
    {
        var a = OpenStore("a");
        var b = OpenStore("b");
        a.Put(Of("k"), Of("from-a"));

        b.Get(Of("k")).Should().BeNull();
        a.DbDirectory.Should().NotBe(b.DbDirectory);
    }

    [Fact]
    public void A_locked_directory_gives_a_StateStoreException_naming_store_path_and_remedy()
    {
        OpenStore();
        var second = new RocksDbKeyValueBytesStore("counts");

        var open = () => second.Init(new FakeStateStoreContext(_context.StateDirectory), second);

        var dir = Path.Combine(_context.StateDirectory, "rocksdb", "counts");
        open.Should().Throw<StateStoreException>()
            .Where(e => e.Message.Contains("'counts'") && e.Message.Contains(dir) && e.Message.Contains("same state directory"));
        second.IsOpen.Should().BeFalse();
    }

    [Fact]
    public void A_corrupt_directory_fails_by_default_naming_the_path_and_the_remedy_and_keeps_the_files()
    {
        var store = OpenStore();
        store.Put(Of("k"), Of("v"));
        store.Close();
        File.WriteAllText(Path.Combine(store.DbDirectory!, "CURRENT"), "garbage");

        var reopen = () => store.Init(_context, store);

        reopen.Should().Throw<StateStoreException>()
            .Where(e => e.Message.Contains("'counts'") && e.Message.Contains(store.DbDirectory!) && e.Message.Contains("Delete the directory")
                && e.Message.Contains("changelog") && e.Message.Contains("OnCorruption") && e.Message.Contains("Corruption:"));
        store.IsOpen.Should().BeFalse();
        File.ReadAllText(Path.Combine(store.DbDirectory!, "CURRENT")).Should().Be("garbage");
    }

    [Fact]
    public void With_OnCorruption_Wipe_a_truncated_SST_file_gets_the_directory_deleted_and_the_next_open_is_restored_from_the_changelog()
    {
        var options = new RocksDbOptions { OnCorruption = RocksDbCorruptionHandling.Wipe };
        var store = OpenStore(options: options);
        store.Put(Of("stale"), Of("local only"));
        store.Database!.Flush();
        store.Close();
        var dir = store.DbDirectory!;
        var sst = Directory.GetFiles(dir, "*.sst").Should().ContainSingle().Subject;
        using (var file = File.OpenWrite(sst))
        {
            file.SetLength(file.Length / 2);
        }

        var reopen = () => store.Init(_context, store);

        reopen.Should().Throw<StateStoreException>()
            .Where(e => e.Message.Contains("'counts'") && e.Message.Contains(dir) && e.Message.Contains("deleted it") && e.Message.Contains("changelog"));
        store.IsOpen.Should().BeFalse();
        Directory.Exists(dir).Should().BeFalse();

        // The task is created again: the store opens empty and the runtime replays the whole changelog into it.
        store.Init(_context, store);
        store.Get(Of("stale")).Should().BeNull();
        store.RestoreBatch([new(Of("a"), Of("1")), new(Of("b"), Of("2")), new(Of("a"), null)]);

        store.Get(Of("a")).Should().BeNull();
        Str(store.Get(Of("b"))).Should().Be("2");
    }

    [Fact]
    public void ConfigureStore_is_called_with_the_store_name_and_its_settings_reach_RocksDB()
    {
        var calls = new List<(string Name, string Directory)>();
        var options = new RocksDbOptions
        {
            ConfigureStore = (name, settings) =>
            {
                calls.Add((name, settings.Directory));
                settings.Compression = RocksDbCompression.Lz4;
                settings.CompactionStyle = RocksDbCompactionStyle.Universal;
                settings.MaxOpenFiles = 64;
                settings.SetOption("level0_file_num_compaction_trigger", "8");
            },
        };

        var store = OpenStore("tuned", options);

        calls.Should().Equal([("tuned", store.DbDirectory!)]);
        OptionsFile.Value(store.DbDirectory!, "compression").Should().Be("kLZ4Compression");
        OptionsFile.Value(store.DbDirectory!, "compaction_style").Should().Be("kCompactionStyleUniversal");
        OptionsFile.Value(store.DbDirectory!, "max_open_files").Should().Be("64");
        OptionsFile.Value(store.DbDirectory!, "level0_file_num_compaction_trigger").Should().Be("8");
        store.Put(Of("k"), Of("v"));
        Str(store.Get(Of("k"))).Should().Be("v");
    }

    [Fact]
    public void The_default_store_settings_reach_RocksDB()
    {
        var store = OpenStore();

        OptionsFile.Value(store.DbDirectory!, "compression").Should().Be("kNoCompression");
        OptionsFile.Value(store.DbDirectory!, "compaction_style").Should().Be("kCompactionStyleLevel");
        OptionsFile.Value(store.DbDirectory!, "level_compaction_dynamic_level_bytes").Should().Be("true");
        OptionsFile.Value(store.DbDirectory!, "max_open_files").Should().Be("256");
    }

    [Fact]
    public void A_failing_ConfigureStore_or_an_option_RocksDB_rejects_fails_the_open_naming_the_store()
    {
        var throwing = new RocksDbKeyValueBytesStore("s1", new RocksDbOptions { ConfigureStore = (_, _) => throw new InvalidOperationException("boom") });
        var unknown = new RocksDbKeyValueBytesStore("s2", new RocksDbOptions { ConfigureStore = (_, s) => s.SetOption("no_such_option", "1") });

        ((Action)(() => throwing.Init(_context, throwing))).Should().Throw<StateStoreException>()
            .Where(e => e.Message.Contains("'s1'") && e.Message.Contains("ConfigureStore") && e.Message.Contains("boom"));
        ((Action)(() => unknown.Init(_context, unknown))).Should().Throw<StateStoreException>()
            .Where(e => e.Message.Contains("'s2'") && e.Message.Contains("no_such_option"));
        throwing.IsOpen.Should().BeFalse();
        unknown.IsOpen.Should().BeFalse();
    }

    [Fact]
    public void Put_and_delete_allocate_nothing_and_get_allocates_only_the_returned_value()
    {
        var store = OpenStore();
        var keys = Enumerable.Range(0, 1000).Select(i => Of($"key-{i:D6}")).ToArray();
        var value = new byte[100];
        foreach (var k in keys)
        {
            store.Put(k, value);
            store.Get(k);
            store.Delete(k);
            store.Put(k, value);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var k in keys)
        {
            store.Put(k, value);
        }

        foreach (var k in keys)
        {
            store.Delete(k);
            store.Put(k, value);
        }

        var putDelete = GC.GetAllocatedBytesForCurrentThread() - before;

        before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var k in keys)
        {
            store.Get(k);
        }

        var get = GC.GetAllocatedBytesForCurrentThread() - before;

        putDelete.Should().Be(0);
        get.Should().BeLessThanOrEqualTo(keys.Length * (value.Length + 32), "one byte[100] per get (100 bytes plus the array header)");
    }

    [Fact]
    public void Operations_on_a_closed_or_uninitialized_store_throw_ObjectDisposedException()
    {
        var fresh = new RocksDbKeyValueBytesStore("fresh");
        ((Action)(() => fresh.Get(Of("k")))).Should().Throw<ObjectDisposedException>();

        var store = OpenStore();
        store.Close();
        store.Close();

        ((Action)(() => store.Get(Of("k")))).Should().Throw<ObjectDisposedException>();
        ((Action)(() => store.Put(Of("k"), Of("v")))).Should().Throw<ObjectDisposedException>();
        ((Action)(() => store.PutAll([new(Of("k"), Of("v"))]))).Should().Throw<ObjectDisposedException>();
        ((Action)(() => store.Delete(Of("k")))).Should().Throw<ObjectDisposedException>();
        ((Action)(() => store.Range(null, null))).Should().Throw<ObjectDisposedException>();
        ((Action)(() => store.PrefixScan(Of("k")))).Should().Throw<ObjectDisposedException>();
        ((Action)(() => store.Flush())).Should().Throw<ObjectDisposedException>();
        ((Action)(() => _ = store.ApproximateNumEntries)).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Closing_the_store_closes_its_open_iterators()
    {
        var store = OpenStore();
        PutAll(store, "a", "b");
        var range = store.Range(null, null);
        var prefix = store.PrefixScan(Of("a"));
        range.MoveNext().Should().BeTrue();
        store.Database!.OpenIteratorCount.Should().Be(2);

        store.Close();

        ((Action)(() => range.MoveNext())).Should().Throw<ObjectDisposedException>();
        ((Action)(() => prefix.MoveNext())).Should().Throw<ObjectDisposedException>();
        range.Dispose();
        prefix.Dispose();
    }

    [Fact]
    public void Disposed_iterators_release_their_native_iterator()
    {
        var store = OpenStore();
        PutAll(store, "a", "b");

        using (var it = store.Range(null, null))
        {
            it.MoveNext();
        }

        store.PrefixScan(Of("a")).Dispose();

        store.Database!.OpenIteratorCount.Should().Be(0);
    }

    [Fact]
    public void Foreach_and_LINQ_dispose_the_native_iterator_when_they_end_or_break()
    {
        var store = OpenStore();
        PutAll(store, "a", "b", "c");

        var keys = new List<string>();
        foreach (var (key, _) in store.Range(null, null))
        {
            keys.Add(Str(key));
            store.Database!.OpenIteratorCount.Should().Be(1);
        }

        keys.Should().Equal("a", "b", "c");
        store.Database!.OpenIteratorCount.Should().Be(0);

        foreach (var (key, _) in store.ReverseRange(null, null))
        {
            if (Str(key) == "c")
            {
                break;
            }
        }

        store.Database!.OpenIteratorCount.Should().Be(0);
        store.PrefixScan(Of("b")).Select(kv => Str(kv.Value)).Should().Equal("B");
        store.Range(Of("b"), null).First().Key.Should().Equal(Of("b"));
        store.Database!.OpenIteratorCount.Should().Be(0);

        var once = store.Range(null, null);
        once.Count().Should().Be(3);
        FluentActions.Invoking(() => once.Count()).Should().Throw<InvalidOperationException>();
        store.Database!.OpenIteratorCount.Should().Be(0);
    }

    [Fact]
    public void A_store_iterator_is_a_point_in_time_view()
    {
        var store = OpenStore();
        PutAll(store, "a", "b");
        using var it = store.Range(null, null);

        store.Put(Of("aa"), Of("new"));
        store.Delete(Of("b"));

        Keys(it).Should().Equal("a", "b");
    }

    [Fact]
    public void Opening_and_closing_200_times_works_and_the_directory_can_then_be_deleted()
    {
        for (var i = 0; i < 200; i++)
        {
            var store = new RocksDbKeyValueBytesStore("loop");
            store.Init(_context, store);
            store.Put(Of($"k{i:D3}"), Of("v"));
            using (var it = store.Range(null, null))
            {
                it.MoveNext().Should().BeTrue();
            }

            store.Close();
        }

        var last = OpenStore("loop");
        using (var it = last.Range(null, null))
        {
            Keys(it).Should().HaveCount(200);
        }

        last.Close();
        Directory.Delete(last.DbDirectory!, recursive: true);
        Directory.Exists(last.DbDirectory).Should().BeFalse();
    }
}
