using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.State.Internal;

public class ChangeLoggingKeyValueBytesStoreTests
{
    private readonly InMemoryKeyValueBytesStore _inner = new("kv");
    private readonly ChangeLoggingKeyValueBytesStore _store;
    private readonly FakeStoreContext _context = new() { RecordTimestamp = 42 };

    public ChangeLoggingKeyValueBytesStoreTests() => _store = new ChangeLoggingKeyValueBytesStore(_inner);

    [Fact]
    public void Put_writes_the_inner_store_and_logs_the_change_with_the_record_timestamp()
    {
        _store.Init(_context, _store);

        _store.Put([1], [10]);

        _inner.Get([1]).Should().Equal(10);
        _context.Logged.Should().ContainSingle();
        _context.Logged[0].Should().BeEquivalentTo(new LoggedChange("kv", [1], [10], 42));
    }

    [Fact]
    public void Every_write_is_logged_in_order_and_deletes_are_logged_as_null()
    {
        _store.Init(_context, _store);

        _store.Put([1], [10]);
        _context.RecordTimestamp = 43;
        _store.Put([1], null);
        _context.RecordTimestamp = 44;
        _store.Put([2], [20]);
        _store.Delete([2]);
        _store.PutAll([new([3], [30]), new([4], null)]);

        _context.Logged.Select(c => (c.Key[0], c.Value?[0], c.Timestamp)).Should().Equal(
            ((byte)1, (byte?)10, 42L),
            ((byte)1, (byte?)null, 43L),
            ((byte)2, (byte?)20, 44L),
            ((byte)2, (byte?)null, 44L),
            ((byte)3, (byte?)30, 44L),
            ((byte)4, (byte?)null, 44L));
        _inner.ApproximateNumEntries.Should().Be(1);
        _inner.Get([3]).Should().Equal(30);
    }

    [Fact]
    public void A_delete_of_an_absent_key_is_still_logged()
    {
        _store.Init(_context, _store);

        _store.Delete([9]);

        _context.Logged.Should().ContainSingle().Which.Value.Should().BeNull();
    }

    [Fact]
    public void The_logged_key_is_a_copy()
    {
        _store.Init(_context, _store);
        var key = new byte[] { 1 };

        _store.Put(key, [10]);
        key[0] = 2;

        _context.Logged[0].Key.Should().Equal(1);
    }

    [Fact]
    public void Nothing_is_logged_when_logging_is_disabled_for_the_store()
    {
        _context.LoggingEnabled = false;
        _store.Init(_context, _store);

        _store.Put([1], [10]);
        _store.Delete([1]);
        _store.PutAll([new([2], [20])]);

        _context.Logged.Should().BeEmpty();
        _inner.Get([2]).Should().Equal(20);
    }

    [Fact]
    public void Nothing_is_logged_when_the_context_has_no_changelog()
    {
        _store.Init(new PlainStoreContext(), _store);

        _store.Put([1], [10]);

        _inner.Get([1]).Should().Equal(10);
    }

    [Fact]
    public void Reads_and_lifecycle_pass_through_to_the_inner_store()
    {
        _store.Init(_context, _store);
        _store.Put([1], [10]);
        _store.Put([2], [20]);

        _store.Name.Should().Be("kv");
        _store.Persistent.Should().BeFalse();
        _store.IsOpen.Should().BeTrue();
        _store.Get([2]).Should().Equal(20);
        _store.ApproximateNumEntries.Should().Be(2);
        using (var range = _store.Range([2], null))
        {
            range.MoveNext().Should().BeTrue();
            range.Current.Key.Should().Equal(2);
        }

        using (var prefix = _store.PrefixScan([1]))
        {
            prefix.MoveNext().Should().BeTrue();
            prefix.Current.Key.Should().Equal(1);
        }

        _context.Registered.Should().ContainSingle().Which.Store.Should().BeSameAs(_store);
        _store.Close();
        _inner.IsOpen.Should().BeFalse();
    }
}
