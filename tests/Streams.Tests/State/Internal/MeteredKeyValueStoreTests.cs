using Confluent.Kafka;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.State.Internal;

public class MeteredKeyValueStoreTests
{
    private readonly InMemoryKeyValueBytesStore _inner = new("store");

    [Fact]
    public void Typed_values_round_trip_through_the_bytes_store()
    {
        var store = Create(Serdes.String, Serdes.Int64);

        store.Put("a", 1L);
        store.Put("b", -7L);

        store.Get("a").Should().Be(1);
        store.TryGet("b", out var b).Should().BeTrue();
        b.Should().Be(-7);
        store.TryGet("missing", out _).Should().BeFalse();
        store.Get("missing").Should().Be(0, "absent keys read as default");
        _inner.Get("a"u8).Should().Equal(0, 0, 0, 0, 0, 0, 0, 1);
        store.ApproximateNumEntries.Should().Be(2);
    }

    [Fact]
    public void Put_null_and_Delete_remove_the_key()
    {
        var store = Create(Serdes.String, Serdes.String);
        store.Put("a", "1");
        store.Put("b", "2");

        store.Put("a", null);
        store.Delete("b");

        store.Get("a").Should().BeNull();
        store.Get("b").Should().BeNull();
        _inner.ApproximateNumEntries.Should().Be(0);
    }

    [Fact]
    public void All_and_Range_iterate_in_serialized_key_order()
    {
        var store = Create(Serdes.Int32, Serdes.String);
        foreach (var k in new[] { -1, 2, 0, -2, 1, 256 })
        {
            store.Put(k, $"v{k}");
        }

        // Big-endian two's complement: negative keys have the high bit set and sort after positive ones.
        Read(store.All()).Select(kv => kv.Key).Should().Equal(0, 1, 2, 256, -2, -1);
        Read(store.Range(1, 256)).Should().Equal(
            new KeyValuePair<int, string?>(1, "v1"), new KeyValuePair<int, string?>(2, "v2"), new KeyValuePair<int, string?>(256, "v256"));
        Read(store.Range(256, 1)).Should().BeEmpty();
    }

    [Fact]
    public void Null_keys_are_rejected()
    {
        var store = Create(Serdes.String, Serdes.String);

        FluentActions.Invoking(() => store.Put(null, "v")).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => store.Get(null)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => store.Delete(null)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Serdes_see_the_changelog_topic_after_init()
    {
        var topics = new List<string>();
        var keySerde = Serdes.From(new RecordingSerializer(topics), Deserializers.Utf8);
        var store = new MeteredKeyValueStore<string, string?>(_inner, keySerde, Serdes.String);
        store.Init(new FakeStoreContext { ApplicationId = "my-app" }, store);

        store.Put("k", "v");

        topics.Should().Equal("my-app-store-changelog");
    }

    [Fact]
    public void Timestamped_store_keeps_value_and_timestamp()
    {
        var store = new MeteredTimestampedKeyValueStore<string?, long>(_inner, Serdes.String, Serdes.Int64);
        store.Init(new FakeStoreContext(), store);

        store.Put("k", new ValueAndTimestamp<long>(5, 1_000));

        store.Get("k").Should().Be(new ValueAndTimestamp<long>(5, 1_000));
        Convert.ToHexString(_inner.Get("k"u8)!).Should().Be("00000000000003E8" + "0000000000000005");
    }

    [Fact]
    public void Lifecycle_passes_through_and_iterators_fail_after_close()
    {
        var store = Create(Serdes.String, Serdes.String);
        store.Put("a", "1");
        using var all = store.All();

        store.Name.Should().Be("store");
        store.IsOpen.Should().BeTrue();
        store.Persistent.Should().BeFalse();
        store.Close();

        store.IsOpen.Should().BeFalse();
        all.Invoking(i => i.MoveNext()).Should().Throw<ObjectDisposedException>();
    }

    private MeteredKeyValueStore<TKey, TValue> Create<TKey, TValue>(ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        var store = new MeteredKeyValueStore<TKey, TValue>(_inner, keySerde, valueSerde);
        store.Init(new FakeStoreContext(), store);
        return store;
    }

    private static List<KeyValuePair<TKey, TValue>> Read<TKey, TValue>(IKeyValueIterator<TKey, TValue> iterator)
    {
        var result = new List<KeyValuePair<TKey, TValue>>();
        using (iterator)
        {
            while (iterator.MoveNext())
            {
                result.Add(iterator.Current);
            }
        }

        return result;
    }

    private sealed class RecordingSerializer(List<string> topics) : ISerializer<string>
    {
        public byte[] Serialize(string data, SerializationContext context)
        {
            topics.Add(context.Topic);
            return System.Text.Encoding.UTF8.GetBytes(data);
        }
    }
}
