using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Streams.Serialization;

namespace Streams.Tests.Serialization.Internal;

public class JsonSerdeTests
{
    private static readonly SerializationContext Ctx = new(MessageComponentType.Value, "orders");

    [Fact]
    public void Source_generated_serde_round_trips_a_value()
    {
        var serde = Serdes.Json(TestJsonContext.Default.Order);
        var order = new Order(7, "widget", 12.5m);

        var bytes = serde.Serialize(order, Ctx);

        Encoding.UTF8.GetString(bytes).Should().Be("""{"Id":7,"Name":"widget","Amount":12.5}""");
        serde.Deserialize(bytes, false, Ctx).Should().Be(order);
    }

    [Fact]
    public void Null_maps_to_null_bytes_and_back()
    {
        var serde = Serdes.Json(TestJsonContext.Default.Order);

        serde.Serialize(null, Ctx).Should().BeNull();
        serde.Deserialize(ReadOnlySpan<byte>.Empty, true, Ctx).Should().BeNull();
    }

    [Fact]
    public void The_type_argument_states_the_nullability_and_a_tombstone_reads_as_null_either_way()
    {
        // Issue 16: Json<Order>() is an ISerde<Order> (data records), Json<Order?>() an ISerde<Order?> (tombstones expected);
        // these assignments compile without a nullability warning, and warnings are errors.
        ISerde<Order> data = Serdes.Json<Order>();
        ISerde<Order?> withTombstones = Serdes.Json<Order?>();

        // isNull wins over the bytes: System.Text.Json is not asked ("null" or empty input would fail it or mean something else).
        data.Deserialize("garbage"u8, true, Ctx).Should().BeNull("a tombstone is a null value, not data");
        withTombstones.Deserialize(ReadOnlySpan<byte>.Empty, true, Ctx).Should().BeNull();
        withTombstones.Serialize(null, Ctx).Should().BeNull("a null value writes a tombstone, not the JSON text null");
        Serdes.Json<int>().Deserialize(ReadOnlySpan<byte>.Empty, true, Ctx).Should().Be(0, "a value type's tombstone is its default");
    }

    [Fact]
    public void Invalid_json_throws_a_JsonException()
    {
        var serde = Serdes.Json(TestJsonContext.Default.Order);

        var act = () => serde.Deserialize("{not json"u8, false, Ctx);

        act.Should().Throw<JsonException>();
    }

    [Fact]
    public void Reflection_based_serde_defaults_to_web_camel_case()
    {
        var serde = Serdes.Json<Order>();
        var order = new Order(1, "a", 2m);

        var bytes = serde.Serialize(order, Ctx);

        Encoding.UTF8.GetString(bytes).Should().Be("""{"id":1,"name":"a","amount":2}""");
        serde.Deserialize(bytes, false, Ctx).Should().Be(order);
    }

    [Fact]
    public void ToString_names_the_type()
    {
        Serdes.Json(TestJsonContext.Default.Order).ToString().Should().Be("Json<Order>");
    }
}
