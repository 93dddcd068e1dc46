using System.Text;
using Confluent.Kafka;
using Streams.Dsl.Internal.ForeignKeyJoin;
using Streams.Serialization;

namespace Streams.Tests.Dsl.Internal.ForeignKeyJoin;

public class SubscriptionResponseWrapperSerdeTests
{
    private static readonly SerializationContext Ctx = new(MessageComponentType.Value, "app-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic");

    [Fact]
    public void Writes_version_0_with_the_hash_then_the_value_and_never_the_partition()
    {
        var serde = new SubscriptionResponseWrapperSerde<string?>(Serdes.String);

        var bytes = serde.Serialize(new SubscriptionResponseWrapper<string?>((1, 2), "rv", true, 5), Ctx);

        bytes.Should().Equal([0x00, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, .. Encoding.UTF8.GetBytes("rv")]);
        serde.Deserialize(bytes, false, Ctx).Should().Be(new SubscriptionResponseWrapper<string?>((1, 2), "rv", true, null));
    }

    [Fact]
    public void No_right_value_is_no_value_bytes_and_reads_back_as_absent()
    {
        var serde = new SubscriptionResponseWrapperSerde<long>(Serdes.Int64);

        var bytes = serde.Serialize(new SubscriptionResponseWrapper<long>((1, 2), 0, false, 0), Ctx);

        bytes.Should().HaveCount(17);
        serde.Deserialize(bytes, false, Ctx).Should().Be(new SubscriptionResponseWrapper<long>((1, 2), 0, false, null));
    }

    [Fact]
    public void A_null_hash_sets_the_high_bit_and_is_omitted()
    {
        var serde = new SubscriptionResponseWrapperSerde<long>(Serdes.Int64);

        var bytes = serde.Serialize(new SubscriptionResponseWrapper<long>(null, 7, true, null), Ctx);

        bytes.Should().Equal(0x80, 0, 0, 0, 0, 0, 0, 0, 7);
        serde.Deserialize(bytes, false, Ctx).Should().Be(new SubscriptionResponseWrapper<long>(null, 7, true, null));
    }

    [Fact]
    public void Rejects_other_versions()
    {
        var serde = new SubscriptionResponseWrapperSerde<long>(Serdes.Int64);

        ((Action)(() => serde.Deserialize([0x81], false, Ctx))).Should().Throw<InvalidDataException>();
    }
}
