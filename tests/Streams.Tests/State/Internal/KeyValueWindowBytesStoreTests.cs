using System.Text;
using Streams.Dsl;
using Streams.State;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.State.Internal;

public class KeyValueWindowBytesStoreTests
{
    private const long Retention = 100;
    private const long Size = 10;

    private readonly InMemoryKeyValueBytesStore _inner = new("w");
    private readonly KeyValueWindowBytesStore _store;

    public KeyValueWindowBytesStoreTests()
    {
        _store = new KeyValueWindowBytesStore(_inner, Retention, Size);
        _store.Init(new FakeStoreContext(), _store);
    }

    [Fact]
    public void Constructor_validates_size_and_retention()
    {
        FluentActions.Invoking(() => new KeyValueWindowBytesStore(new InMemoryKeyValueBytesStore("x"), 10, -1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new KeyValueWindowBytesStore(new InMemoryKeyValueBytesStore("x"), 10, 0)).Should().NotThrow("sliding windows of time difference 0 are [t, t]");
        FluentActions.Invoking(() => new KeyValueWindowBytesStore(new InMemoryKeyValueBytesStore("x"), 9, 10)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new KeyValueWindowBytesStore(null!, 10, 10)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Exposes_the_inner_store_name_and_its_sizes()
    {
        _store.Name.Should().Be("w");
        _store.RetentionPeriodMs.Should().Be(Retention);
        _store.WindowSizeMs.Should().Be(Size);
        _store.IsOpen.Should().BeTrue();
    }

    [Fact]
    public void Fetch_returns_the_value_of_one_window()
    {
        _store.Put(K("a"), V("a@10"), 10);
        _store.Put(K("a"), V("a@20"), 20);

        S(_store.Fetch(K("a"), 10)).Should().Be("a@10");
        S(_store.Fetch(K("a"), 20)).Should().Be("a@20");
        _store.Fetch(K("a"), 30).Should().BeNull();
        _store.Fetch(K("b"), 10).Should().BeNull();
    }

    [Fact]
    public void Fetch_works_for_keys_too_long_for_the_stack_buffer()
    {
        var longKey = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        _store.Put(longKey, V("long"), 10);

        S(_store.Fetch(longKey, 10)).Should().Be("long");
        S(_store.Fetch(longKey.AsSpan(0, 248), 10)).Should().BeNull();
        Times(_store.Fetch(longKey, 0, 20)).Should().Equal(10);
    }

    [Fact]
    public void Put_overwrites_and_null_deletes_a_window()
    {
        _store.Put(K("a"), V("1"), 10);
        _store.Put(K("a"), V("2"), 10);
        S(_store.Fetch(K("a"), 10)).Should().Be("2");

        _store.Put(K("a"), null, 10);

        _store.Fetch(K("a"), 10).Should().BeNull();
        _inner.ApproximateNumEntries.Should().Be(0);
    }

    [Fact]
    public void Fetch_by_time_range_includes_both_bounds_in_start_order()
    {
        foreach (var t in new long[] { 30, 0, 20, 10, 40 })
        {
            _store.Put(K("a"), V($"a@{t}"), t);
        }

        Times(_store.Fetch(K("a"), 10, 30)).Should().Equal(10, 20, 30);
        Times(_store.Fetch(K("a"), 11, 29)).Should().Equal(20);
        Times(_store.Fetch(K("a"), 30, 10)).Should().BeEmpty();
    }

    [Fact]
    public void Fetch_by_time_range_does_not_bleed_into_keys_sharing_a_prefix()
    {
        _store.Put(K("A"), V("A@10"), 10);
        _store.Put(K("AB"), V("AB@10"), 10);
        _store.Put(K("AB"), V("AB@20"), 20);
        _store.Put(K("A"), V("A@20"), 20);
        _store.Put(K(""), V("@10"), 10);

        var values = new List<string>();
        using (var it = _store.Fetch(K("A"), 0, 100))
        {
            while (it.MoveNext())
            {
                values.Add($"{S(it.Current.Value)}:{it.Current.Key}");
            }
        }

        values.Should().Equal("A@10:10", "A@20:20");
        Times(_store.Fetch(K("AB"), 0, 100)).Should().Equal(10, 20);
        Times(_store.Fetch(K(""), 0, 100)).Should().Equal(10);
    }

    [Fact]
    public void Fetch_by_time_range_skips_a_longer_key_whose_bytes_fall_inside_the_range()
    {
        // "A" followed by the encoded timestamp 10 is itself a key; its windows sort inside the range of key "A".
        var tricky = WindowKeySchema.ToStoreKey(K("A"), 10);
        _store.Put(tricky, V("tricky"), 50);
        _store.Put(K("A"), V("A@10"), 10);
        _store.Put(K("A"), V("A@60"), 60);

        Times(_store.Fetch(K("A"), 0, 100)).Should().Equal(10, 60);
    }

    [Fact]
    public void FetchAll_returns_every_key_in_the_time_range_with_window_ends()
    {
        _store.Put(K("b"), V("b@10"), 10);
        _store.Put(K("a"), V("a@10"), 10);
        _store.Put(K("a"), V("a@30"), 30);
        _store.Put(K("c"), V("c@40"), 40);

        var all = Windowed(_store.FetchAll(10, 30));

        all.Should().Equal("a[10,20)=a@10", "a[30,40)=a@30", "b[10,20)=b@10");
        Windowed(_store.All()).Should().HaveCount(4);
    }

    [Fact]
    public void FetchAll_skips_deleted_windows_and_reads_only_the_starts_in_range()
    {
        _store.Put(K("a"), V("a@10"), 10);
        _store.Put(K("b"), V("b@20"), 20);
        _store.Put(K("a"), V("a@20"), 20);
        _store.Put(K("a"), null, 10);

        Windowed(_store.FetchAll(10, 10)).Should().BeEmpty();
        Windowed(_store.FetchAll(11, 20)).Should().Equal("a[20,30)=a@20", "b[20,30)=b@20");
        Windowed(_store.FetchAll(21, 100)).Should().BeEmpty();
    }

    [Fact]
    public void Window_ends_saturate_for_unlimited_windows()
    {
        var unlimited = new KeyValueWindowBytesStore(new InMemoryKeyValueBytesStore("u"), long.MaxValue, long.MaxValue);
        unlimited.Init(new FakeStoreContext(), unlimited);
        unlimited.Put(K("a"), V("x"), 1_000);

        using var all = unlimited.FetchAll(0, 2_000);
        all.MoveNext().Should().BeTrue();
        all.Current.Key.Window.Should().Be(new Window(1_000, long.MaxValue));
        S(unlimited.Fetch(K("a"), 1_000)).Should().Be("x", "an unlimited retention never expires a window");
    }

    [Fact]
    public void Windows_at_or_before_stream_time_minus_retention_are_expired_for_reads()
    {
        _store.Put(K("a"), V("old"), 0);
        _store.Put(K("a"), V("edge"), 50);
        _store.Put(K("a"), V("live"), 51);
        _store.Put(K("a"), V("new"), 150);

        _store.Fetch(K("a"), 0).Should().BeNull();
        _store.Fetch(K("a"), 50).Should().BeNull("a window starting at observed - retention has expired");
        S(_store.Fetch(K("a"), 51)).Should().Be("live");
        Times(_store.Fetch(K("a"), 0, 200)).Should().Equal(51, 150);
        Windowed(_store.All()).Should().Equal("a[51,61)=live", "a[150,160)=new");
    }

    [Fact]
    public void Puts_into_expired_windows_are_ignored()
    {
        _store.Put(K("a"), V("new"), 150);
        var entries = _inner.ApproximateNumEntries;

        _store.Put(K("b"), V("late"), 50);
        _store.Put(K("b"), V("late"), 20);

        _inner.ApproximateNumEntries.Should().Be(entries);
        _store.Fetch(K("b"), 50).Should().BeNull();
        _store.Put(K("b"), V("just in time"), 51);
        S(_store.Fetch(K("b"), 51)).Should().Be("just in time");
    }

    [Fact]
    public void Stream_time_does_not_go_back_when_an_older_window_is_written()
    {
        _store.Put(K("a"), V("new"), 150);
        _store.Put(K("a"), V("older"), 100);

        S(_store.Fetch(K("a"), 100)).Should().Be("older");
        _store.Put(K("a"), V("late"), 40);
        _store.Fetch(K("a"), 40).Should().BeNull();
    }

    [Fact]
    public void Expired_entries_are_purged_from_the_inner_store_once_stream_time_moves_half_a_retention()
    {
        _store.Put(K("a"), V("0"), 0);
        _store.Put(K("b"), V("10"), 10);
        _store.Put(K("a"), V("40"), 40);
        _inner.ApproximateNumEntries.Should().Be(3);

        _store.Put(K("c"), V("130"), 130);

        _inner.ApproximateNumEntries.Should().Be(2, "windows 0 and 10 are at or before 130 - 100 and are purged");
        using var raw = _inner.Range(null, null);
        var starts = new List<long>();
        while (raw.MoveNext())
        {
            starts.Add(WindowKeySchema.ReadTimestamp(raw.Current.Key));
        }

        starts.Should().BeEquivalentTo([40L, 130L]);
    }

    [Fact]
    public void Negative_window_starts_are_stored_and_ordered()
    {
        _store.Put(K("a"), V("-5"), -5);
        _store.Put(K("a"), V("3"), 3);
        _store.Put(K("a"), V("-20"), -20);

        Times(_store.Fetch(K("a"), -50, 50)).Should().Equal(-20, -5, 3);
    }

    [Fact]
    public void Iterators_throw_ObjectDisposedException_after_close()
    {
        _store.Put(K("a"), V("1"), 10);
        using var fetch = _store.Fetch(K("a"), 0, 100);
        using var all = _store.All();

        _store.Close();

        _store.IsOpen.Should().BeFalse();
        fetch.Invoking(i => i.MoveNext()).Should().Throw<ObjectDisposedException>();
        all.Invoking(i => i.MoveNext()).Should().Throw<ObjectDisposedException>();
    }

    private static byte[] K(string key) => Encoding.UTF8.GetBytes(key);

    private static byte[] V(string value) => Encoding.UTF8.GetBytes(value);

    private static string? S(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);

    private static List<long> Times(IKeyValueIterator<long, byte[]> iterator)
    {
        var result = new List<long>();
        using (iterator)
        {
            while (iterator.MoveNext())
            {
                result.Add(iterator.Current.Key);
            }
        }

        return result;
    }

    private static List<string> Windowed(IKeyValueIterator<Windowed<byte[]>, byte[]> iterator)
    {
        var result = new List<string>();
        using (iterator)
        {
            while (iterator.MoveNext())
            {
                var (k, v) = iterator.Current;
                result.Add($"{S(k.Key)}{k.Window}={S(v)}");
            }
        }

        return result;
    }

    [Fact]
    public void Windows_restored_from_the_changelog_are_purged_once_expired()
    {
        var inner = new InMemoryKeyValueBytesStore("restored");
        var store = new KeyValueWindowBytesStore(inner, Retention, Size);
        var context = new FakeStoreContext();
        store.Init(context, store);
        var restore = context.Registered.Single().Callback;

        restore.RestoreBatch([new(WindowKeySchema.ToStoreKey("old"u8, 0), [1]), new(WindowKeySchema.ToStoreKey("new"u8, 150), [2])]);
        store.Put("x"u8, [3], 160);   // first put only records the purge baseline
        store.Put("x"u8, [4], 400);   // stream time moved past half a retention: purge

        inner.Get(WindowKeySchema.ToStoreKey("old"u8, 0)).Should().BeNull("the restored window [0,10) expired long ago");
        inner.Get(WindowKeySchema.ToStoreKey("x"u8, 400)).Should().Equal(4);
    }

    [Fact]
    public void Windows_already_in_a_persistent_inner_store_are_indexed_on_open_and_purged()
    {
        var inner = new InMemoryKeyValueBytesStore("existing");
        inner.Init(new FakeStoreContext(), inner);
        inner.Put(WindowKeySchema.ToStoreKey("old"u8, 0), [1]);
        var store = new KeyValueWindowBytesStore(inner, Retention, Size);
        store.Init(new FakeStoreContext(), store);

        store.Put("x"u8, [3], 10);
        store.Put("x"u8, [4], 300);

        inner.Get(WindowKeySchema.ToStoreKey("old"u8, 0)).Should().BeNull();
    }
}
