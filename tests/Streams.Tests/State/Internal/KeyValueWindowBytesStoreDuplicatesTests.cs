using System.Text;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.State.Internal;

/// <summary>The duplicate-retaining mode of <see cref="KeyValueWindowBytesStore"/> (stream-stream join windows).</summary>
public class KeyValueWindowBytesStoreDuplicatesTests
{
    private const long Retention = 20;

    private readonly InMemoryKeyValueBytesStore _inner = new("dups");
    private readonly KeyValueWindowBytesStore _store;

    public KeyValueWindowBytesStoreDuplicatesTests()
    {
        _store = new KeyValueWindowBytesStore(_inner, Retention, 20, retainDuplicates: true);
        _store.Init(new FakeStoreContext(), _store);
    }

    [Fact]
    public void Every_put_is_kept_in_put_order_even_for_the_same_key_and_time()
    {
        _store.Put("k"u8, V("a"), 10);
        _store.Put("k"u8, V("b"), 10);
        _store.Put("k"u8, V("c"), 5);

        Fetched(_store.Fetch("k"u8.ToArray(), 0, 10)).Should().Equal((5L, "c"), (10L, "a"), (10L, "b"));
        S(_store.Fetch("k"u8, 10)).Should().Be("a", "a single fetch returns the first duplicate");
    }

    [Fact]
    public void Keys_carry_a_sequence_number_after_the_timestamp()
    {
        _store.Put("k"u8, V("a"), 10);
        _store.Put("k"u8, V("b"), 10);

        _inner.Get(WindowKeySchema.ToStoreKey("k"u8, 10, 1)).Should().Equal(V("a"));
        _inner.Get(WindowKeySchema.ToStoreKey("k"u8, 10, 2)).Should().Equal(V("b"));
    }

    [Fact]
    public void A_put_of_null_deletes_nothing()
    {
        _store.Put("k"u8, V("a"), 10);
        _store.Put("k"u8, null, 10);

        Fetched(_store.Fetch("k"u8.ToArray(), 10, 10)).Should().Equal((10L, "a"));
    }

    [Fact]
    public void A_record_exactly_retention_before_stream_time_is_kept_and_one_ms_older_is_expired()
    {
        _store.Put("k"u8, V("old"), 9);
        _store.Put("k"u8, V("edge"), 10);
        _store.Put("x"u8, V("now"), 30);

        Fetched(_store.Fetch("k"u8.ToArray(), 0, 30)).Should().Equal((10L, "edge"));
        _store.Put("k"u8, V("too-old"), 9);
        Fetched(_store.Fetch("k"u8.ToArray(), 0, 30)).Should().Equal((10L, "edge"));
    }

    [Fact]
    public void Keys_sharing_a_prefix_do_not_bleed_into_each_other()
    {
        _store.Put("k"u8, V("a"), 10);
        _store.Put("kk"u8, V("b"), 10);

        Fetched(_store.Fetch("k"u8.ToArray(), 0, 20)).Should().Equal((10L, "a"));
        var all = new List<string>();
        using var iterator = _store.All();
        while (iterator.MoveNext())
        {
            all.Add($"{Encoding.UTF8.GetString(iterator.Current.Key.Key)}@{iterator.Current.Key.Window.StartMs}");
        }

        all.Should().BeEquivalentTo("k@10", "kk@10");
    }

    [Fact]
    public void A_window_size_of_zero_is_allowed_with_and_without_duplicates_but_a_negative_one_is_not()
    {
        // Zero-width windows: join windows of time difference 0 (duplicates) and sliding windows of time difference 0.
        FluentActions.Invoking(() => new KeyValueWindowBytesStore(new InMemoryKeyValueBytesStore("x"), 0, 0, retainDuplicates: true)).Should().NotThrow();
        FluentActions.Invoking(() => new KeyValueWindowBytesStore(new InMemoryKeyValueBytesStore("x"), 0, 0)).Should().NotThrow();
        FluentActions.Invoking(() => new KeyValueWindowBytesStore(new InMemoryKeyValueBytesStore("x"), 0, -1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Duplicates_restored_from_the_changelog_are_read_and_purged_once_expired()
    {
        var inner = new InMemoryKeyValueBytesStore("restored");
        var store = new KeyValueWindowBytesStore(inner, Retention, 20, retainDuplicates: true);
        var context = new FakeStoreContext();
        store.Init(context, store);

        context.Registered.Single().Callback.RestoreBatch([
            new(WindowKeySchema.ToStoreKey("k"u8, 0, 1), V("a")), new(WindowKeySchema.ToStoreKey("k"u8, 0, 2), V("b"))]);
        Fetched(store.Fetch("k"u8.ToArray(), 0, 0)).Should().Equal((0L, "a"), (0L, "b"));

        store.Put("x"u8, V("x"), 15);
        store.Put("x"u8, V("y"), 40);

        inner.Get(WindowKeySchema.ToStoreKey("k"u8, 0, 1)).Should().BeNull();
    }

    private static byte[] V(string value) => Encoding.UTF8.GetBytes(value);

    private static string? S(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);

    private static List<(long, string)> Fetched(Streams.State.IKeyValueIterator<long, byte[]> iterator)
    {
        var result = new List<(long, string)>();
        using (iterator)
        {
            while (iterator.MoveNext())
            {
                result.Add((iterator.Current.Key, Encoding.UTF8.GetString(iterator.Current.Value)));
            }
        }

        return result;
    }
}
