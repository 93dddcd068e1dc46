using Streams.Dsl;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;

namespace Streams.StoreContracts;

/// <summary>
/// The reads of Kafka Streams' <c>ReadOnlyWindowStore</c> at their edges, through the typed layer: one window, one
/// key over a range of window starts, key ranges (null bounds open), all keys over a time range, every window, each
/// also backwards, and expiry; run against each bytes store, alone and behind a record cache.
/// </summary>
public abstract class WindowStoreReadsContract : StoreContract
{
    private const long Size = 10;
    private const long Retention = 100;

    /// <summary>A supplier of the store kind under test.</summary>
    protected abstract IWindowBytesStoreSupplier Supplier(string name, long retentionMs, long windowSizeMs);

    private MeteredWindowStore<string, string> Open(bool cached = false)
    {
        var bytes = Supplier("windows", Retention, Size).Get();
        IWindowBytesStore layered = cached ? new CachingWindowBytesStore(bytes, new RecordCache(1 << 20)) : bytes;
        return Opened(new MeteredWindowStore<string, string>(layered, Serdes.String!, Serdes.String!), NewContext());
    }

    private static List<(string Key, long Start)> Windows(IKeyValueIterator<Windowed<string>, string> iterator)
    {
        var windows = new List<(string, long)>();
        foreach (var (windowed, _) in iterator)
        {
            windows.Add((windowed.Key, windowed.Window.StartMs));
            windowed.Window.EndMs.Should().Be(windowed.Window.StartMs + Size);
        }

        return windows;
    }

    private static List<long> Starts(IKeyValueIterator<long, string> iterator) => iterator.Select(kv => kv.Key).ToList();

    private MeteredWindowStore<string, string> OpenWith(bool cached, params string[] keys)
    {
        var store = Open(cached);
        foreach (var key in keys)
        {
            foreach (var start in new long[] { 0, 10, 20, 30 })
            {
                store.Put(key, $"{key}@{start}", start);
            }
        }

        return store;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fetch_of_one_window_returns_its_value_or_null(bool cached)
    {
        var store = OpenWith(cached, "a");

        store.Fetch("a", 10).Should().Be("a@10");
        store.Fetch("a", 11).Should().BeNull();
        store.Fetch("b", 10).Should().BeNull();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fetch_of_one_key_includes_both_time_bounds_and_BackwardFetch_reverses_it(bool cached)
    {
        var store = OpenWith(cached, "a", "b");

        Starts(store.Fetch("a", 10, 20)).Should().Equal(10, 20);
        Starts(store.Fetch("a", 11, 29)).Should().Equal(20);
        Starts(store.BackwardFetch("a", 10, 30)).Should().Equal(30, 20, 10);
        Starts(store.Fetch("a", 31, 40)).Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fetch_of_a_key_range_includes_both_key_bounds_and_null_bounds_are_open(bool cached)
    {
        var store = OpenWith(cached, "a", "ab", "b", "c");

        Windows(store.Fetch("a", "ab", 0, 10)).Should().BeEquivalentTo(new[] { ("a", 0L), ("a", 10L), ("ab", 0L), ("ab", 10L) });
        Windows(store.Fetch("ab", "b", 30, 30)).Should().BeEquivalentTo(new[] { ("ab", 30L), ("b", 30L) });
        Windows(store.Fetch(null, "a", 20, 20)).Should().BeEquivalentTo(new[] { ("a", 20L) });
        Windows(store.Fetch("b", null, 20, 20)).Should().BeEquivalentTo(new[] { ("b", 20L), ("c", 20L) });
        Windows(store.Fetch("c", "a", 0, 30)).Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Backward_key_range_reads_are_the_forward_reads_reversed(bool cached)
    {
        var store = OpenWith(cached, "a", "ab", "b");

        var forward = Windows(store.Fetch("a", "b", 10, 20));
        forward.Should().HaveCount(6);
        Windows(store.BackwardFetch("a", "b", 10, 20)).Should().Equal(Enumerable.Reverse(forward));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FetchAll_includes_both_time_bounds_and_All_every_window_each_also_backwards(bool cached)
    {
        var store = OpenWith(cached, "a", "b");

        var inRange = Windows(store.FetchAll(10, 20));
        inRange.Should().BeEquivalentTo(new[] { ("a", 10L), ("a", 20L), ("b", 10L), ("b", 20L) });
        Windows(store.BackwardFetchAll(10, 20)).Should().Equal(Enumerable.Reverse(inRange));

        var all = Windows(store.All());
        all.Should().HaveCount(8);
        Windows(store.BackwardAll()).Should().Equal(Enumerable.Reverse(all));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Windows_starting_at_or_before_stream_time_minus_retention_are_not_read(bool cached)
    {
        var store = Open(cached);
        store.Put("a", "old", 100);
        store.Put("a", "kept", 101);
        store.Put("a", "new", 200); // earliest live start: 200 - 100 + 1 = 101

        store.Fetch("a", 100).Should().BeNull();
        Starts(store.Fetch("a", 0, 300)).Should().Equal(101, 200);
        Windows(store.Fetch("a", "a", 0, 300)).Select(w => w.Start).Should().Equal(101, 200);
        Windows(store.BackwardAll()).Select(w => w.Start).Should().Equal(200, 101);
    }
    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DateTimeOffset_bounds_read_exactly_what_the_millisecond_bounds_read(bool cached)
    {
        IWindowStore<string, string> store = OpenWith(cached, "a", "ab", "b");

        store.Fetch("a", At(10)).Should().Be("a@10").And.Be(store.Fetch("a", 10));
        store.Fetch("a", At(11)).Should().BeNull();
        Starts(store.Fetch("a", At(10), At(20))).Should().Equal(10, 20).And.Equal(Starts(store.Fetch("a", 10, 20)));
        Starts(store.BackwardFetch("a", At(10), At(30))).Should().Equal(30, 20, 10).And.Equal(Starts(store.BackwardFetch("a", 10, 30)));
        Windows(store.Fetch("a", "ab", At(0), At(10))).Should().Equal(Windows(store.Fetch("a", "ab", 0, 10))).And.HaveCount(4);
        Windows(store.BackwardFetch("a", "b", At(10), At(20))).Should().Equal(Windows(store.BackwardFetch("a", "b", 10, 20))).And.HaveCount(6);
        Windows(store.FetchAll(At(10), At(20))).Should().Equal(Windows(store.FetchAll(10, 20))).And.HaveCount(6);
        Windows(store.BackwardFetchAll(At(10), At(20))).Should().Equal(Windows(store.BackwardFetchAll(10, 20))).And.HaveCount(6);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sub_millisecond_bounds_are_truncated_and_Put_with_a_DateTimeOffset_start_is_the_millisecond_put(bool cached)
    {
        IWindowStore<string, string> store = Open(cached);

        store.Put("k", "v", At(20).AddTicks(9_999));
        store.Fetch("k", 20).Should().Be("v");
        Starts(store.Fetch("k", At(20).AddTicks(5), At(20).AddTicks(9_999))).Should().Equal(20);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Window_iterators_work_with_foreach_and_LINQ_and_enumerate_once(bool cached)
    {
        IWindowStore<string, string> store = OpenWith(cached, "a", "b");

        var starts = new List<long>();
        foreach (var (start, value) in store.Fetch("a", 0, 30))
        {
            value.Should().Be($"a@{start}");
            starts.Add(start);
        }

        starts.Should().Equal(0, 10, 20, 30);
        store.FetchAll(At(10), At(20)).Select(kv => kv.Key.Key + "@" + kv.Key.Window.StartMs).Should().Equal("a@10", "a@20", "b@10", "b@20");
        store.BackwardAll().Count(kv => kv.Key.Key == "b").Should().Be(4);
        store.All().First().Value.Should().Be("a@0");

        var once = store.Fetch("a", 0, 30);
        once.ToList().Should().HaveCount(4);
        FluentActions.Invoking(() => once.ToList()).Should().Throw<InvalidOperationException>().WithMessage("*only once*");
    }
}
