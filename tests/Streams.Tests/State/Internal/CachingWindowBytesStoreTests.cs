using Microsoft.Extensions.Logging.Abstractions;
using Streams.Dsl;
using Streams.Errors;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.State.Internal;

public sealed class CachingWindowBytesStoreTests : IDisposable
{
    private readonly InMemoryKeyValueBytesStore _bytes = new("w");
    private readonly List<(byte[] Key, byte[]? New, byte[]? Old)> _flushed = [];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Updates_of_one_window_are_merged_until_flush_then_written_and_forwarded_once()
    {
        var (store, inner) = Create(budget: 1_000_000);
        store.Put("k"u8, [1], 0);
        store.Put("k"u8, [2], 0);
        store.Put("k"u8, [3], 0);

        inner.Fetch("k"u8, 0).Should().BeNull("nothing reaches the inner store before a flush");
        store.Fetch("k"u8, 0).Should().Equal(3);
        _flushed.Should().BeEmpty();

        store.Flush();

        inner.Fetch("k"u8, 0).Should().Equal(3);
        _flushed.Should().ContainSingle();
        _flushed[0].New.Should().Equal(3);
        _flushed[0].Old.Should().BeNull();
    }

    [Fact]
    public void The_old_value_is_what_the_inner_store_held_before_the_flush()
    {
        var (store, _) = Create(budget: 1_000_000);
        store.Put("k"u8, [1], 0);
        store.Flush();
        store.Put("k"u8, [5], 0);
        store.Flush();

        _flushed.Select(f => (f.New![0], f.Old?[0])).Should().Equal(((byte)1, (byte?)null), ((byte)5, (byte?)1));
    }

    [Fact]
    public void Over_budget_the_least_recently_used_entry_is_flushed_and_evicted()
    {
        // Each entry takes 9 key bytes + 1 value byte + 64 overhead = 74 bytes; a 150-byte budget holds two.
        var (store, inner) = Create(budget: 150);
        store.Put("a"u8, [1], 0);
        store.Put("b"u8, [2], 0);
        store.Fetch("a"u8, 0); // a becomes most recently used
        store.Put("c"u8, [3], 0);

        _flushed.Select(f => f.Key[0]).Should().Equal((byte)'b');
        inner.Fetch("b"u8, 0).Should().Equal(2);
        inner.Fetch("a"u8, 0).Should().BeNull();
    }

    [Fact]
    public void Close_drops_unflushed_updates_without_forwarding_them()
    {
        var (store, inner) = Create(budget: 1_000_000);
        store.Put("k"u8, [1], 0);
        inner.Fetch("k"u8, 0).Should().BeNull();

        store.Close();

        _flushed.Should().BeEmpty();
        store.IsOpen.Should().BeFalse();
    }

    [Fact]
    public void Range_reads_merge_cached_and_stored_windows_and_hide_cached_deletes()
    {
        var (store, _) = Create(budget: 1_000_000);
        store.Put("k"u8, [1], 0);
        store.Put("k"u8, [2], 10);
        store.Flush();
        store.Put("k"u8, [9], 10);
        store.Put("k"u8, null, 0);
        store.Put("k"u8, [3], 20);

        using var it = store.Fetch("k"u8.ToArray(), 0, 100);
        var all = new List<(long, byte)>();
        while (it.MoveNext())
        {
            all.Add((it.Current.Key, it.Current.Value[0]));
        }

        all.Should().Equal((10L, (byte)9), (20L, (byte)3));
    }

    [Fact]
    public void ShouldForwardOldValuesWhenDisabled()
    {
        // As Kafka Streams' CachingPersistentWindowStoreTest: with sendOldValues off the listener never gets an old value.
        var (store, _) = Create(budget: 1_000_000);
        store.SendOldValues = false;
        store.Put("1"u8, [(byte)'a'], 0);
        store.Put("1"u8, [(byte)'b'], 0);
        store.Flush();
        store.Put("1"u8, [(byte)'c'], 0);
        store.Flush();
        store.Put("1"u8, null, 0);
        store.Flush();

        _flushed.Select(f => (f.New?[0], f.Old?[0])).Should().Equal(((byte?)'b', (byte?)null), ((byte?)'c', (byte?)null), ((byte?)null, (byte?)null));
    }

    [Fact]
    public void A_windowed_aggregation_whose_children_only_stream_its_table_asks_its_cache_for_no_old_values()
    {
        static CachingWindowBytesStore CacheOf(Action<ITimeWindowedKStream<string?, string?>> downstream, string directory)
        {
            var builder = new StreamsBuilder();
            downstream(builder.Stream<string?, string?>("in").GroupByKey().WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10))));
            var topology = builder.Build().Builder.BuildTask(0, "app", InMemoryDslStoreSuppliers.Instance, new RecordCache(1_000_000));
            var context = new TaskContext("app", new TaskId(0, 0), directory, new FakeRecordCollector(), TimeProvider.System, topology.ChangelogTopics, new Dictionary<string, IStateStore>());
            var task = new StreamTask(new TaskId(0, 0), topology, context, [new("in", 0)], LogAndFailExceptionHandler.Instance, NullLogger.Instance);
            task.InitializeStores();
            task.InitializeTopology();
            var metered = topology.Stores.Single();
            return (CachingWindowBytesStore)metered.GetType().GetProperty("Inner", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(metered)!;
        }

        CacheOf(w => w.Count().ToStream().To("out"), _dir.Path).SendOldValues.Should().BeFalse("toStream reads only new values");
        CacheOf(w => w.Count().MapValues((_, c) => c + 1).ToStream().To("out"), _dir.Path).SendOldValues.Should().BeTrue("a table's mapValues forwards old values too");
    }

    [Fact]
    public void A_cached_windowed_aggregation_forwards_one_update_per_window_at_commit()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in")
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)))
            .Count()
            .ToStream()
            .Map((w, c) => (w.Key, c))
            .To("out", Produced<string?, long>.With(Serdes.String, Serdes.Int64));
        var collector = new FakeRecordCollector();
        var topology = builder.Build().Builder.BuildTask(0, "app", InMemoryDslStoreSuppliers.Instance, new RecordCache(1_000_000));
        var context = new TaskContext("app", new TaskId(0, 0), _dir.Path, collector, TimeProvider.System, topology.ChangelogTopics, new Dictionary<string, IStateStore>());
        var task = new StreamTask(new TaskId(0, 0), topology, context, [new("in", 0)], LogAndFailExceptionHandler.Instance, NullLogger.Instance);
        task.InitializeStores();
        task.InitializeTopology();
        for (var i = 0; i < 5; i++)
        {
            task.AddRecord(RawRecords.Utf8("in", 0, i, 1_000 + i, "k", "v"));
        }

        while (task.Process())
        {
        }

        collector.Sent.Should().BeEmpty("updates wait in the cache until commit");
        task.PrepareCommit();

        var outputs = collector.Sent.Where(s => s.Topic == "out").ToList();
        outputs.Should().ContainSingle();
        Serdes.Int64.Deserialize(outputs[0].Value, false, default).Should().Be(5);
        outputs[0].Timestamp.Should().Be(1_004, "a windowed result carries the largest record timestamp of its window");
        collector.Sent.Count(s => s.Topic == topology.ChangelogTopics.Values.Single()).Should().Be(1);
    }

    [Fact]
    public void A_flush_drops_the_clean_entries_of_expired_windows_once_the_oldest_expired_half_a_retention_ago()
    {
        // Retention 1,000: the whole-cache scan runs when the oldest cached start is older than the expiry edge minus 500.
        var budget = new RecordCache(1_000_000);
        var store = new CachingWindowBytesStore(new KeyValueWindowBytesStore(_bytes, 1_000, 10), budget);
        store.Init(new PlainStoreContext(), store);
        var entry = 1 + WindowKeySchema.TimestampSize + 1 + RecordCache.EntryOverhead;
        store.Put("k"u8, [1], 0);
        store.Put("k"u8, [2], 500);
        store.Flush();
        budget.CurrentBytes.Should().Be(2 * entry, "flushed entries stay in the cache, clean");

        store.Put("k"u8, [3], 1_200); // windows before 201 expire: 0 has, but only by 201 ms
        store.Flush();
        budget.CurrentBytes.Should().Be(3 * entry, "the expired window 0 lingers until it is half a retention past the edge");
        store.Fetch("k"u8, 0).Should().BeNull("a lingering expired window is not read");

        store.Put("k"u8, [4], 1_600); // windows before 601 expire: 0 is 601 ms past the edge
        store.Flush();
        budget.CurrentBytes.Should().Be(2 * entry, "the clean entries of the expired windows 0 and 500 are dropped");

        store.Put("k"u8, [5], 2_650); // windows before 1,651 expire: 1,200 by 451 ms, not yet dropped
        store.Flush();
        budget.CurrentBytes.Should().Be(3 * entry, "1,200 and 1,600 linger; 2,650 is live");
        store.Fetch("k"u8, 1_600).Should().BeNull();
        store.Fetch("k"u8, 2_650).Should().Equal(5);

        store.Put("k"u8, [6], 2_750); // windows before 1,751 expire: 1,200 by 551 ms
        store.Flush();
        budget.CurrentBytes.Should().Be(2 * entry, "1,200 and 1,600 are dropped, 2,650 and 2,750 stay");
    }

    private (CachingWindowBytesStore Store, IWindowBytesStore Inner) Create(long budget)
    {
        var inner = new KeyValueWindowBytesStore(_bytes, 1_000, 10);
        var store = new CachingWindowBytesStore(inner, new RecordCache(budget));
        store.Init(new PlainStoreContext(), store);
        store.SetFlushListener((k, n, o) => _flushed.Add((k, n, o)));
        return (store, inner);
    }
}
