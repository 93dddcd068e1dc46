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
