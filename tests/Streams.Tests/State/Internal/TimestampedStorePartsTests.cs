using Confluent.Kafka;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.State.Internal;

/// <summary>
/// The aggregations' update path on timestamped stores (value and timestamp read from and written to the bytes, no
/// <see cref="ValueAndTimestamp{TValue}"/> per update) against the typed path it replaces: same bytes, same reads.
/// </summary>
public class TimestampedStorePartsTests
{
    [Fact]
    public void Key_value_PutParts_writes_the_bytes_of_a_ValueAndTimestamp_put_and_TryGetParts_reads_them_back()
    {
        var typed = Open(new MeteredTimestampedKeyValueStore<string, long>(new InMemoryKeyValueBytesStore("typed"), Serdes.String!, Serdes.Int64));
        var parts = Open(new MeteredTimestampedKeyValueStore<string, long>(new InMemoryKeyValueBytesStore("parts"), Serdes.String!, Serdes.Int64));

        typed.Put("k", new ValueAndTimestamp<long>(42, 1_700_000_000_123));
        var rawKey = parts.RawKey("k");
        parts.PutParts("k", rawKey, 42, 1_700_000_000_123, headers: null);

        parts.Inner.Get(rawKey).Should().Equal(typed.Inner.Get(typed.RawKey("k")));
        parts.Get("k").Should().Be(new ValueAndTimestamp<long>(42, 1_700_000_000_123));
        typed.TryGetParts(typed.RawKey("k"), out var value, out var timestamp).Should().BeTrue();
        (value, timestamp).Should().Be((42L, 1_700_000_000_123L));
        parts.TryGetParts(parts.RawKey("missing"), out _, out _).Should().BeFalse();
    }

    [Fact]
    public void Key_value_PutParts_of_a_value_the_serde_writes_as_null_deletes_the_key_as_the_typed_put_does()
    {
        var store = Open(new MeteredTimestampedKeyValueStore<string, string?>(new InMemoryKeyValueBytesStore("s"), Serdes.String!, Serdes.From<string?>(new NullForEmpty(), new NullForEmpty())));
        var rawKey = store.RawKey("k");
        store.PutParts("k", rawKey, "v", 5, headers: null);
        store.TryGetParts(rawKey, out var before, out _).Should().BeTrue();
        before.Should().Be("v");

        store.PutParts("k", rawKey, string.Empty, 6, headers: null);

        store.Inner.Get(rawKey).Should().BeNull();
        store.TryGetParts(rawKey, out _, out _).Should().BeFalse();
    }

    [Fact]
    public void Key_value_PutParts_through_a_record_cache_keeps_the_headers_for_the_flush_listener()
    {
        var cached = new CachingKeyValueBytesStore(new InMemoryKeyValueBytesStore("c"), new RecordCache(1 << 20));
        var store = Open(new MeteredTimestampedKeyValueStore<string, long>(cached, Serdes.String!, Serdes.Int64));
        var flushed = new List<(string Key, ValueAndTimestamp<long>? Value, Headers? Headers)>();
        store.SetFlushListener((k, n, _, _, h) => flushed.Add((k, n, h))).Should().BeTrue();
        var headers = new Headers { { "h", [1] } };

        store.PutParts("k", store.RawKey("k"), 3, 30, headers);
        store.Flush();

        flushed.Should().ContainSingle();
        flushed[0].Key.Should().Be("k");
        flushed[0].Value.Should().Be(new ValueAndTimestamp<long>(3, 30));
        flushed[0].Headers.Should().BeSameAs(headers);
    }

    [Fact]
    public void Window_PutParts_writes_the_bytes_of_a_ValueAndTimestamp_put_and_TryFetchParts_reads_them_back()
    {
        var typed = Open(new MeteredTimestampedWindowStore<string, long>(new InMemoryWindowBytesStoreSupplier("typed", 10_000, 1_000).Get(), Serdes.String!, Serdes.Int64));
        var parts = Open(new MeteredTimestampedWindowStore<string, long>(new InMemoryWindowBytesStoreSupplier("parts", 10_000, 1_000).Get(), Serdes.String!, Serdes.Int64));

        typed.Put("k", new ValueAndTimestamp<long>(7, 1_500), 1_000);
        var rawKey = parts.RawKey("k");
        parts.PutParts(rawKey, 7, 1_500, 1_000);

        parts.Inner.Fetch(rawKey, 1_000).Should().Equal(typed.Inner.Fetch(typed.RawKey("k"), 1_000));
        parts.Fetch("k", 1_000).Should().Be(new ValueAndTimestamp<long>(7, 1_500));
        typed.TryFetchParts(typed.RawKey("k"), 1_000, out var value, out var timestamp).Should().BeTrue();
        (value, timestamp).Should().Be((7L, 1_500L));
        parts.TryFetchParts(rawKey, 2_000, out _, out _).Should().BeFalse("another window of the key holds nothing");
    }

    [Fact]
    public void Parts_shorter_than_the_timestamp_are_rejected_as_the_serde_rejects_them()
    {
        var serde = new ValueAndTimestampSerde<long>(Serdes.Int64);
        var context = new SerializationContext(MessageComponentType.Value, "t");

        var read = () => ValueAndTimestampSerde<long>.DeserializeParts(Serdes.Int64, new byte[7], context, out _);
        var typed = () => serde.Deserialize(new byte[7], false, context);

        read.Should().Throw<InvalidDataException>().WithMessage("*at least 8 bytes, got 7*");
        typed.Should().Throw<InvalidDataException>().WithMessage("*at least 8 bytes, got 7*");
    }

    private static TStore Open<TStore>(TStore store)
        where TStore : IStateStore
    {
        store.Init(new FakeStoreContext(), store);
        return store;
    }

    /// <summary>Writes an empty string as no bytes at all (null), as a serde may for a value it treats as absent.</summary>
    private sealed class NullForEmpty : ISerializer<string?>, IDeserializer<string?>
    {
        public byte[] Serialize(string? data, SerializationContext context) => string.IsNullOrEmpty(data) ? null! : System.Text.Encoding.UTF8.GetBytes(data);

        public string? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) => isNull ? null : System.Text.Encoding.UTF8.GetString(data);
    }
}
