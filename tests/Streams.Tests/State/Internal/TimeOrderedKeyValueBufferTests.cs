using Confluent.Kafka;
using Streams.Processor;
using Streams.Serialization;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.State.Internal;

public class TimeOrderedKeyValueBufferTests
{
    private readonly InMemoryKeyValueBytesStore _inner = new("buffer");
    private readonly FakeStoreContext _context = new();

    private TimeOrderedKeyValueBuffer<string?, string?> Open(long graceMs = 10, InMemoryKeyValueBytesStore? inner = null)
    {
        var buffer = new TimeOrderedKeyValueBuffer<string?, string?>(new ChangeLoggingKeyValueBytesStore(inner ?? _inner), graceMs, Serdes.String, Serdes.String);
        buffer.Init(_context, buffer);
        return buffer;
    }

    private static List<(string? Key, string? Value, long Timestamp)> Evict(TimeOrderedKeyValueBuffer<string?, string?> buffer)
    {
        var evicted = new List<(string?, string?, long)>();
        buffer.EvictExpired((r, _) => evicted.Add((r.Key, r.Value, r.TimestampMs)));
        return evicted;
    }

    [Fact]
    public void Records_are_held_until_stream_time_passes_their_timestamp_by_the_grace_period()
    {
        var buffer = Open(graceMs: 10);

        buffer.Put(new Record<string?, string?>("a", "1", 20), null).Should().BeTrue();
        Evict(buffer).Should().BeEmpty();
        buffer.Put(new Record<string?, string?>("b", "2", 29), null).Should().BeTrue();
        Evict(buffer).Should().BeEmpty();
        buffer.Put(new Record<string?, string?>("c", "3", 30), null).Should().BeTrue();

        Evict(buffer).Should().Equal(("a", "1", 20L));
        buffer.Count.Should().Be(2);
    }

    [Fact]
    public void A_record_older_than_stream_time_minus_grace_is_refused_and_one_at_the_bound_is_taken()
    {
        var buffer = Open(graceMs: 10);
        buffer.Put(new Record<string?, string?>("a", "1", 30), null);

        buffer.Put(new Record<string?, string?>("late", "x", 19), null).Should().BeFalse();
        buffer.Put(new Record<string?, string?>("edge", "y", 20), null).Should().BeTrue();

        Evict(buffer).Should().Equal(("edge", "y", 20L));
        buffer.StreamTime.Should().Be(30);
    }

    [Fact]
    public void Evicted_records_come_out_in_timestamp_order_then_arrival_order()
    {
        var buffer = Open(graceMs: 100);
        buffer.Put(new Record<string?, string?>("a", "25", 25), null);
        buffer.Put(new Record<string?, string?>("b", "21", 21), null);
        buffer.Put(new Record<string?, string?>("c", "21-later", 21), null);
        buffer.Put(new Record<string?, string?>("d", "200", 200), null);

        Evict(buffer).Select(e => e.Value).Should().Equal("21", "21-later", "25");
    }

    [Fact]
    public void Null_keys_headers_and_the_source_survive_the_buffer()
    {
        var buffer = Open(graceMs: 0);
        var headers = new Headers { { "h", [1, 2] }, { "empty", null } };
        var source = new RecordMetadata("in", 3, 42);

        buffer.Put(new Record<string?, string?>(null, "v", 5, headers), source);
        Record<string?, string?>? seen = null;
        RecordMetadata? seenSource = null;
        buffer.EvictExpired((r, s) => (seen, seenSource) = (r, s));

        seen!.Value.Key.Should().BeNull();
        seen.Value.Value.Should().Be("v");
        seen.Value.Headers!.Select(h => (h.Key, h.GetValueBytes())).Should().BeEquivalentTo(new[] { ("h", new byte[] { 1, 2 }), ("empty", (byte[]?)null) });
        seenSource.Should().Be(source);
    }

    [Fact]
    public void Buffering_and_eviction_are_changelogged()
    {
        var buffer = Open(graceMs: 0);
        _context.RecordTimestamp = 7;

        buffer.Put(new Record<string?, string?>("a", "1", 7), null);
        Evict(buffer);

        _context.Logged.Should().HaveCount(2);
        _context.Logged[0].Value.Should().NotBeNull();
        _context.Logged[1].Value.Should().BeNull();
        _context.Logged[1].Key.Should().Equal(_context.Logged[0].Key);
    }

    [Fact]
    public void After_a_restore_stream_time_and_order_continue_from_what_is_buffered()
    {
        var buffer = Open(graceMs: 10);
        buffer.Put(new Record<string?, string?>("a", "first", 20), null);
        buffer.Put(new Record<string?, string?>("b", "second", 20), null);
        var context = new FakeStoreContext();
        var restored = new TimeOrderedKeyValueBuffer<string?, string?>(new ChangeLoggingKeyValueBytesStore(new InMemoryKeyValueBytesStore("buffer")), 10, Serdes.String, Serdes.String);
        restored.Init(context, restored);
        context.Registered.Single().Callback.RestoreBatch(_context.Logged.Select(c => new KeyValuePair<byte[], byte[]?>(c.Key, c.Value)).ToList());

        restored.StreamTime.Should().Be(20);
        restored.Put(new Record<string?, string?>("late", "x", 9), null).Should().BeFalse();
        restored.Put(new Record<string?, string?>("c", "third", 20), null).Should().BeTrue();
        restored.Put(new Record<string?, string?>("d", "flush", 30), null);

        Evict(restored).Select(e => e.Value).Should().Equal("first", "second", "third");
    }
}
