using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.State.Internal;

public class ChangeLoggingWindowBytesStoreTests
{
    private readonly KeyValueWindowBytesStore _inner = new(new InMemoryKeyValueBytesStore("win"), 100, 10);
    private readonly ChangeLoggingWindowBytesStore _store;
    private readonly FakeStoreContext _context = new() { RecordTimestamp = 7 };

    public ChangeLoggingWindowBytesStoreTests() => _store = new ChangeLoggingWindowBytesStore(_inner);

    [Fact]
    public void Put_writes_the_window_and_logs_the_window_store_key_with_the_record_timestamp()
    {
        _store.Init(_context, _store);

        _store.Put([0x41], [1], 20);

        _inner.Fetch([0x41], 20).Should().Equal(1);
        var change = _context.Logged.Should().ContainSingle().Which;
        change.Store.Should().Be("win");
        change.Key.Should().Equal(WindowKeySchema.ToStoreKey([0x41], 20));
        change.Value.Should().Equal(1);
        change.Timestamp.Should().Be(7);
    }

    [Fact]
    public void Deletes_are_logged_as_null()
    {
        _store.Init(_context, _store);
        _store.Put([0x41], [1], 20);
        _context.RecordTimestamp = 8;

        _store.Put([0x41], null, 20);

        _inner.Fetch([0x41], 20).Should().BeNull();
        _context.Logged.Should().HaveCount(2);
        _context.Logged[1].Should().BeEquivalentTo(new LoggedChange("win", WindowKeySchema.ToStoreKey([0x41], 20), null, 8));
    }

    [Fact]
    public void Nothing_is_logged_when_logging_is_disabled()
    {
        _context.LoggingEnabled = false;
        _store.Init(_context, _store);

        _store.Put([0x41], [1], 20);

        _context.Logged.Should().BeEmpty();
        _inner.Fetch([0x41], 20).Should().Equal(1);
    }

    [Fact]
    public void Reads_pass_through_to_the_inner_store()
    {
        _store.Init(_context, _store);
        _store.Put([0x41], [1], 20);
        _store.Put([0x42], [2], 30);

        _store.RetentionPeriodMs.Should().Be(100);
        _store.WindowSizeMs.Should().Be(10);
        _store.Fetch([0x41], 20).Should().Equal(1);
        using (var fetch = _store.Fetch([0x42], 0, 100))
        {
            fetch.MoveNext().Should().BeTrue();
            fetch.Current.Key.Should().Be(30);
        }

        using var all = _store.FetchAll(0, 100);
        var count = 0;
        while (all.MoveNext())
        {
            count++;
        }

        count.Should().Be(2);
    }
}

public class ChangeLoggingDuplicatesWindowBytesStoreTests
{
    [Fact]
    public void Over_a_duplicates_store_every_put_is_logged_with_the_sequence_number_the_inner_store_used_and_nulls_are_not_logged()
    {
        var bytes = new InMemoryKeyValueBytesStore("win");
        var inner = new KeyValueWindowBytesStore(bytes, 100, 10, retainDuplicates: true);
        var store = new ChangeLoggingWindowBytesStore(inner, retainDuplicates: true);
        var context = new FakeStoreContext { RecordTimestamp = 7 };
        store.Init(context, store);

        store.Put([0x41], [1], 20);
        store.Put([0x41], null, 20);
        store.Put([0x41], [2], 20);

        context.Logged.Select(c => c.Key).Should().BeEquivalentTo(
            [WindowKeySchema.ToStoreKey([0x41], 20, 1), WindowKeySchema.ToStoreKey([0x41], 20, 2)], o => o.WithStrictOrdering());
        context.Logged.Select(c => c.Key).Should().AllSatisfy(key => bytes.Get(key).Should().NotBeNull("the changelog key is the key the inner store wrote"));
    }
}
