using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;

namespace Streams.StoreContracts;

/// <summary>
/// The reads of Kafka Streams' <c>ReadOnlyKeyValueStore</c> at their edges, through the typed layer: point,
/// inclusive ranges with open (null) bounds, reverse ranges, prefix scans, all, reverse all and the entry count;
/// run against each bytes store, alone and behind a record cache holding unflushed writes.
/// </summary>
public abstract class KeyValueStoreReadsContract : StoreContract
{
    /// <summary>A supplier of the store kind under test.</summary>
    protected abstract IKeyValueBytesStoreSupplier Supplier(string name);

    private MeteredKeyValueStore<string, string> Open(bool cached = false)
    {
        var bytes = Supplier("kv").Get();
        var store = new MeteredKeyValueStore<string, string>(cached ? new CachingKeyValueBytesStore(bytes, new RecordCache(1 << 20)) : bytes, Serdes.String!, Serdes.String!);
        return Opened(store, NewContext());
    }

    private MeteredKeyValueStore<string, string> OpenWith(bool cached, params string[] keys)
    {
        var store = Open(cached);
        foreach (var k in keys)
        {
            store.Put(k, k.ToUpperInvariant());
        }

        return store;
    }

    private static List<string> Keys(IKeyValueIterator<string, string> iterator) => iterator.Select(kv => kv.Key).ToList();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Range_includes_both_bounds_and_a_null_bound_is_open(bool cached)
    {
        var store = OpenWith(cached, "d", "b", "a", "c");

        Keys(store.Range("b", "c")).Should().Equal("b", "c");
        Keys(store.Range(null, "b")).Should().Equal("a", "b");
        Keys(store.Range("c", null)).Should().Equal("c", "d");
        Keys(store.Range(null, null)).Should().Equal("a", "b", "c", "d");
        Keys(store.Range("b0", "c5")).Should().Equal("c");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_range_whose_from_is_after_its_to_is_empty(bool cached)
    {
        var store = OpenWith(cached, "a", "b", "c");

        Keys(store.Range("c", "a")).Should().BeEmpty();
        Keys(store.ReverseRange("c", "a")).Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReverseRange_iterates_from_to_down_to_from_with_open_bounds(bool cached)
    {
        var store = OpenWith(cached, "a", "b", "c", "d");

        Keys(store.ReverseRange("b", "d")).Should().Equal("d", "c", "b");
        Keys(store.ReverseRange(null, "b")).Should().Equal("b", "a");
        Keys(store.ReverseRange("c", null)).Should().Equal("d", "c");
        Keys(store.ReverseRange("a0", "c5")).Should().Equal("c", "b");
        Keys(store.ReverseAll()).Should().Equal("d", "c", "b", "a");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void All_iterates_every_key_in_serialized_order_with_values(bool cached)
    {
        var store = OpenWith(cached, "b", "a", "ab");

        var entries = store.All().Select(kv => (kv.Key, kv.Value)).ToList();

        entries.Should().Equal(("a", "A"), ("ab", "AB"), ("b", "B"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PrefixScan_returns_exactly_the_keys_starting_with_the_serialized_prefix(bool cached)
    {
        var store = OpenWith(cached, "a", "ab", "abc", "abd", "ac", "b", "aa");

        Keys(store.PrefixScan("ab", Serdes.String)).Should().Equal("ab", "abc", "abd");
        Keys(store.PrefixScan("a", Serdes.String)).Should().Equal("a", "aa", "ab", "abc", "abd", "ac");
        Keys(store.PrefixScan("x", Serdes.String)).Should().BeEmpty();
        Keys(store.PrefixScan(string.Empty, Serdes.String)).Should().HaveCount(7);
    }

    [Fact]
    public void PrefixScan_handles_prefixes_ending_in_0xFF_bytes()
    {
        var store = Opened(new MeteredKeyValueStore<byte[], string>(Supplier("bytes").Get(), Serdes.ByteArray!, Serdes.String!), NewContext());
        foreach (var key in new byte[][] { [0xFE], [0xFE, 0xFF], [0xFF], [0xFF, 0x00], [0xFF, 0xFF], [0xFF, 0xFF, 0x01] })
        {
            store.Put(key, "v");
        }

        var keys = store.PrefixScan<byte[]>([0xFF, 0xFF], Serdes.ByteArray!).Select(kv => kv.Key).ToList();

        keys.Should().BeEquivalentTo(new byte[][] { [0xFF, 0xFF], [0xFF, 0xFF, 0x01] }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Cached_writes_and_deletes_are_seen_by_every_read_before_they_are_flushed()
    {
        var cached = Opened(new MeteredKeyValueStore<string, string>(new CachingKeyValueBytesStore(Supplier("cached").Get(), new RecordCache(1 << 20)), Serdes.String!, Serdes.String!), NewContext());
        foreach (var k in new[] { "a", "b", "c" })
        {
            cached.Put(k, "v");
        }

        cached.Flush();
        cached.Delete("b");
        cached.Put("bb", "new");

        Keys(cached.Range("a", "c")).Should().Equal("a", "bb", "c");
        Keys(cached.ReverseRange(null, null)).Should().Equal("c", "bb", "a");
        Keys(cached.PrefixScan("b", Serdes.String)).Should().Equal("bb");
        cached.Get("b").Should().BeNull();
    }

    [Fact]
    public void An_empty_store_reads_nothing_and_counts_zero()
    {
        var store = Open();

        Keys(store.Range(null, null)).Should().BeEmpty();
        Keys(store.ReverseAll()).Should().BeEmpty();
        Keys(store.PrefixScan("a", Serdes.String)).Should().BeEmpty();
        store.Get("a").Should().BeNull();
        store.ApproximateNumEntries.Should().Be(0);
    }

    [Fact]
    public void Point_reads_follow_puts_and_deletes_and_distinct_keys_are_counted()
    {
        var store = OpenWith(cached: false, "a", "b", "c");
        store.ApproximateNumEntries.Should().Be(3);

        store.Put("a", "new");
        store.Delete("b");

        store.Get("a").Should().Be("new");
        store.Get("b").Should().BeNull();
        store.TryGet("z", out _).Should().BeFalse();
    }
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Key_value_iterators_work_with_foreach_and_LINQ_and_enumerate_once(bool cached)
    {
        var store = OpenWith(cached, "a", "b", "c", "d");

        var seen = new List<string>();
        foreach (var (key, value) in store.Range("b", "c"))
        {
            value.Should().Be(key.ToUpperInvariant());
            seen.Add(key);
        }

        seen.Should().Equal("b", "c");
        foreach (var (key, _) in store.All())
        {
            if (key == "b")
            {
                break; // foreach disposes the iterator on break too
            }
        }

        store.ReverseAll().Select(kv => kv.Key).Should().Equal("d", "c", "b", "a");
        store.All().Where(kv => kv.Key != "a").Select(kv => kv.Value).Should().Equal("B", "C", "D");

        var once = store.All();
        once.Count().Should().Be(4);
        FluentActions.Invoking(() => once.Count()).Should().Throw<InvalidOperationException>();
        once.Dispose(); // disposing after foreach/LINQ disposed it is harmless
    }
}
