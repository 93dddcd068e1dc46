using Streams.Dsl;
using Streams.State.Internal;
using Streams.Tests.Support;
using Streams.State;

namespace Streams.Tests.State.Internal;

public class ChangeLoggingSessionBytesStoreTests
{
    private readonly InMemorySessionBytesStore _inner = new("sessions", 1_000);
    private readonly ChangeLoggingSessionBytesStore _store;
    private readonly FakeStoreContext _context = new() { RecordTimestamp = 7 };

    public ChangeLoggingSessionBytesStoreTests() => _store = new ChangeLoggingSessionBytesStore(_inner);

    [Fact]
    public void Put_writes_the_session_and_logs_Kafka_Streams_session_key_with_the_record_timestamp()
    {
        _store.Init(_context, _store);

        _store.Put(new Windowed<byte[]>([0x41], new Window(10, 20)), [1]);

        _inner.FetchSession([0x41], 10, 20).Should().Equal(1);
        var change = _context.Logged.Should().ContainSingle().Which;
        change.Store.Should().Be("sessions");
        change.Key.Should().Equal(0x41, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 10);
        change.Value.Should().Equal(1);
        change.Timestamp.Should().Be(7);
    }

    [Fact]
    public void Remove_and_null_puts_are_logged_as_tombstones()
    {
        _store.Init(_context, _store);
        var session = new Windowed<byte[]>([0x41], new Window(10, 20));
        _store.Put(session, [1]);

        _store.Remove(session);
        _store.Put(session, null);

        _context.Logged.Skip(1).Should().HaveCount(2).And.OnlyContain(c => c.Value == null && c.Key.SequenceEqual(SessionKeySchema.ToBinary(session)));
        _inner.FetchSession([0x41], 10, 20).Should().BeNull();
    }

    [Fact]
    public void Nothing_is_logged_when_the_changelog_is_disabled_or_the_context_has_none()
    {
        _context.LoggingEnabled = false;
        _store.Init(_context, _store);
        _store.Put(new Windowed<byte[]>([1], new Window(0, 0)), [1]);
        _context.Logged.Should().BeEmpty();

        var plain = new ChangeLoggingSessionBytesStore(new InMemorySessionBytesStore("p", 10));
        plain.Init(new PlainStoreContext(), plain);
        plain.Put(new Windowed<byte[]>([1], new Window(0, 0)), [1]);
        plain.FetchSession([1], 0, 0).Should().Equal(1);
    }

    [Fact]
    public void Replaying_the_logged_changes_into_a_fresh_store_restores_the_same_sessions()
    {
        _store.Init(_context, _store);
        _store.Put(new Windowed<byte[]>("a"u8.ToArray(), new Window(0, 0)), [1]);
        _store.Remove(new Windowed<byte[]>("a"u8.ToArray(), new Window(0, 0)));
        _store.Put(new Windowed<byte[]>("a"u8.ToArray(), new Window(0, 30)), [2]);
        _store.Put(new Windowed<byte[]>("b"u8.ToArray(), new Window(5, 5)), [3]);

        var fresh = new InMemorySessionBytesStore("sessions", 1_000);
        var restoreContext = new FakeStoreContext();
        fresh.Init(restoreContext, fresh);
        restoreContext.Registered.Single().Callback.RestoreBatch(_context.Logged.Select(c => new KeyValuePair<byte[], byte[]?>(c.Key, c.Value)).ToList());

        Dump(fresh).Should().Equal(Dump(_inner)).And.Equal("a[0,30]=2", "b[5,5]=3");
    }

    [Fact]
    public void Reads_and_properties_pass_through()
    {
        _store.Init(_context, _store);
        _store.Put(new Windowed<byte[]>([1], new Window(0, 5)), [9]);

        _store.RetentionPeriodMs.Should().Be(1_000);
        _store.Persistent.Should().BeFalse();
        _store.FindSessions([1], 0, 10).MoveNext().Should().BeTrue();
        _store.FindSessions(null, null, 0, 10).MoveNext().Should().BeTrue();
        _store.Fetch([1]).MoveNext().Should().BeTrue();
        _store.Fetch(null, null).MoveNext().Should().BeTrue();
        _store.Close();
        _store.IsOpen.Should().BeFalse();
    }

    private static List<string> Dump(InMemorySessionBytesStore store)
    {
        var result = new List<string>();
        using var all = store.Fetch(null, null);
        while (all.MoveNext())
        {
            var (session, value) = all.Current;
            result.Add($"{System.Text.Encoding.UTF8.GetString(session.Key)}[{session.Window.StartMs},{session.Window.EndMs}]={value[0]}");
        }

        return result;
    }
}
