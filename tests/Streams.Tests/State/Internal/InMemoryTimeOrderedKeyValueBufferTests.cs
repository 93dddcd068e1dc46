using System.Text;
using Confluent.Kafka;
using Streams.Dsl.Internal;
using Streams.Serialization;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.State.Internal;

public class InMemoryTimeOrderedKeyValueBufferTests
{
    private readonly FakeStoreContext _context = new() { RecordTimestamp = 99 };

    [Fact]
    public void Init_registers_the_buffer_as_its_own_restore_callback()
    {
        var buffer = Open(_context);

        var registration = _context.Registered.Should().ContainSingle().Subject;
        registration.Store.Should().BeSameAs(buffer);
        registration.Callback.Should().BeSameAs(buffer);
        buffer.Persistent.Should().BeFalse();
        buffer.IsOpen.Should().BeTrue();
    }

    [Fact]
    public void Entries_are_evicted_in_buffer_time_order_while_the_predicate_holds()
    {
        var buffer = Open(_context);
        buffer.Put(30, "c", Change("c1"), Context(3));
        buffer.Put(10, "a", Change("a1"), Context(1));
        buffer.Put(20, "b", Change("b1"), Context(2));

        var evicted = EvictWhileAtOrBefore(buffer, 20);

        evicted.Select(e => e.Key).Should().Equal("a", "b");
        buffer.NumRecords.Should().Be(1);
        buffer.MinTimestamp.Should().Be(30);
    }

    [Fact]
    public void A_put_of_a_buffered_key_replaces_its_change_but_keeps_its_buffer_time_and_prior_value()
    {
        var buffer = Open(_context);
        buffer.Put(10, "k", Change("v1", "v0"), Context(10));
        buffer.Put(50, "k", Change("v2", "v1"), Context(50));

        buffer.NumRecords.Should().Be(1);
        buffer.MinTimestamp.Should().Be(10);
        buffer.TryGetPriorValue("k", out var prior).Should().BeTrue();
        prior!.Value.Should().Be("v0");
        var evicted = EvictWhileAtOrBefore(buffer, 10).Should().ContainSingle().Subject;
        evicted.Value.Should().Be(Change("v2", "v1"));
        evicted.Context.Timestamp.Should().Be(50, "the emitted record is the latest one");
    }

    [Fact]
    public void The_prior_value_of_a_key_that_had_none_is_null_and_an_unbuffered_key_has_no_prior_value()
    {
        var buffer = Open(_context);
        buffer.Put(10, "k", Change("v1"), Context(10));

        buffer.TryGetPriorValue("k", out var prior).Should().BeTrue();
        prior.Should().BeNull();
        buffer.TryGetPriorValue("other", out _).Should().BeFalse();
    }

    [Fact]
    public void The_size_grows_with_keys_and_bytes_and_returns_to_zero_when_everything_is_evicted()
    {
        var buffer = Open(_context);
        buffer.Put(10, "a", Change("short"), Context(1));
        var one = buffer.BufferSize;
        buffer.Put(10, "a", Change("a much longer value", "short"), Context(2));
        var replaced = buffer.BufferSize;
        buffer.Put(20, "b", Change("x"), Context(3));

        one.Should().BeGreaterThan(8 + 1 + 5);
        replaced.Should().BeGreaterThan(one);
        buffer.NumRecords.Should().Be(2);
        EvictWhileAtOrBefore(buffer, long.MaxValue - 1);
        buffer.NumRecords.Should().Be(0);
        buffer.BufferSize.Should().Be(0);
        buffer.MinTimestamp.Should().Be(long.MaxValue);
    }

    [Fact]
    public void Flush_logs_each_changed_entry_once_and_a_tombstone_once_it_was_evicted()
    {
        var buffer = Open(_context);
        buffer.Put(10, "a", Change("a1"), Context(7));
        buffer.Put(10, "a", Change("a2", "a1"), Context(8));
        buffer.Put(20, "b", Change("b1"), Context(9));
        _context.Logged.Should().BeEmpty("the buffer logs on flush (commit), as Kafka Streams");

        buffer.Flush();
        EvictWhileAtOrBefore(buffer, 10);
        buffer.Flush();
        buffer.Flush();

        _context.Logged.Select(l => (Key(l.Key), l.Value is null, l.Timestamp)).Should().BeEquivalentTo(
            [("a", false, 8L), ("b", false, 9L), ("a", true, 99L)]);
        _context.Logged.Should().OnlyContain(l => l.Store == "buffer");
    }

    [Fact]
    public void With_logging_disabled_nothing_is_logged()
    {
        var buffer = new InMemoryTimeOrderedKeyValueBuffer<string?, string?>("buffer", Serdes.String, Serdes.String, loggingEnabled: false);
        buffer.Init(_context, buffer);
        buffer.Put(10, "a", Change("a1"), Context(1));

        buffer.Flush();

        _context.Logged.Should().BeEmpty();
    }

    [Fact]
    public void A_buffer_restored_from_its_changelog_holds_the_same_entries_with_their_time_prior_values_and_record_contexts()
    {
        var original = Open(_context);
        var headers = new Headers { { "trace", [1, 2] }, { "empty", null } };
        original.Put(30, "late", Change("l1"), Context(31));
        original.Put(10, "k", Change("v1", "v0"), new BufferedRecordContext(12, "input", 3, 41, headers));
        original.Put(10, "k", Change("v2", "v1"), new BufferedRecordContext(15, "input", 3, 42, headers));
        original.Put(20, "gone", Change("g1"), Context(21));
        original.Put(25, "deleted", new Change<string?>(default, false, "d0", true), Context(26));
        original.Flush();
        EvictWhileAtOrBefore(original, 10);
        original.Put(40, "k", Change("v3", "v2"), Context(43)); // evicted, then buffered again at a new time
        EvictWhile(original, () => original.MinTimestamp == 20);
        original.Flush();
        var expectedSize = original.BufferSize;

        var restored = Open(new FakeStoreContext());
        restored.RestoreBatch(_context.Logged.Select(l => new KeyValuePair<byte[], byte[]?>(l.Key, l.Value)).ToList());

        restored.NumRecords.Should().Be(3);
        restored.BufferSize.Should().Be(expectedSize);
        restored.TryGetPriorValue("k", out var prior).Should().BeTrue();
        prior!.Value.Should().Be("v2");
        restored.TryGetPriorValue("gone", out _).Should().BeFalse("its tombstone was restored too");
        var fromRestore = EvictWhileAtOrBefore(restored, long.MaxValue - 1);
        var fromOriginal = EvictWhileAtOrBefore(original, long.MaxValue - 1);
        fromRestore.Select(Describe).Should().Equal(fromOriginal.Select(Describe));
        fromRestore.Select(e => e.Key).Should().Equal("deleted", "late", "k");
        fromRestore[0].Value.Should().Be(new Change<string?>(default, false, "d0", true));
    }

    [Fact]
    public void Restoring_keeps_the_context_of_the_record_with_its_headers()
    {
        var original = Open(_context);
        var headers = new Headers { { "trace", [1, 2] }, { "empty", null } };
        original.Put(10, "k", Change("v"), new BufferedRecordContext(15, "input", 3, 42, headers));
        original.Flush();

        var restored = Open(new FakeStoreContext());
        restored.RestoreBatch(_context.Logged.Select(l => new KeyValuePair<byte[], byte[]?>(l.Key, l.Value)).ToList());

        var context = EvictWhileAtOrBefore(restored, 10).Should().ContainSingle().Subject.Context;
        (context.Timestamp, context.Topic, context.Partition, context.Offset).Should().Be((15L, "input", 3, 42L));
        context.Headers!.Select(h => (h.Key, h.GetValueBytes())).Should().BeEquivalentTo([("trace", new byte[] { 1, 2 }), ("empty", (byte[]?)null)]);
    }

    [Fact]
    public void A_changelog_value_that_is_not_a_buffer_entry_fails_the_restore_clearly()
    {
        var buffer = Open(_context);

        var act = () => buffer.RestoreBatch([new KeyValuePair<byte[], byte[]?>([1], [0, 0, 0, 1])]);

        act.Should().Throw<InvalidDataException>().WithMessage("*suppression buffer*");
    }

    [Fact]
    public void Use_after_close_throws_ObjectDisposedException()
    {
        var buffer = Open(_context);
        buffer.Close();

        FluentActions.Invoking(() => buffer.Put(1, "k", Change("v"), Context(1))).Should().Throw<ObjectDisposedException>();
    }

    private static InMemoryTimeOrderedKeyValueBuffer<string?, string?> Open(FakeStoreContext context)
    {
        var buffer = new InMemoryTimeOrderedKeyValueBuffer<string?, string?>("buffer", Serdes.String, Serdes.String, loggingEnabled: true);
        buffer.Init(context, buffer);
        return buffer;
    }

    private static Change<string?> Change(string @new, string? old = null) => new(@new, old);

    private static BufferedRecordContext Context(long timestamp) => new(timestamp, "topic", 0, timestamp, null);

    private static string Key(byte[] raw) => Encoding.UTF8.GetString(raw);

    private static string Describe(InMemoryTimeOrderedKeyValueBuffer<string?, string?>.Eviction e) =>
        $"{e.Key}={e.Value} @{e.Context.Timestamp} {e.Context.Topic}-{e.Context.Partition}@{e.Context.Offset} " +
        string.Join(",", e.Context.Headers?.Select(h => $"{h.Key}:{Convert.ToHexString(h.GetValueBytes() ?? [])}") ?? []);

    private static List<InMemoryTimeOrderedKeyValueBuffer<string?, string?>.Eviction> EvictWhileAtOrBefore(
        InMemoryTimeOrderedKeyValueBuffer<string?, string?> buffer, long time) => EvictWhile(buffer, () => buffer.MinTimestamp <= time);

    private static List<InMemoryTimeOrderedKeyValueBuffer<string?, string?>.Eviction> EvictWhile(
        InMemoryTimeOrderedKeyValueBuffer<string?, string?> buffer, Func<bool> predicate)
    {
        var evicted = new List<InMemoryTimeOrderedKeyValueBuffer<string?, string?>.Eviction>();
        buffer.EvictWhile(predicate, evicted.Add);
        return evicted;
    }
}
