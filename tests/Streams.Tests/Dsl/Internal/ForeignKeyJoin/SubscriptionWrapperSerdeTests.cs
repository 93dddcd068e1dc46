using System.Text;
using Confluent.Kafka;
using Streams.Dsl.Internal.ForeignKeyJoin;
using Streams.Serialization;

namespace Streams.Tests.Dsl.Internal.ForeignKeyJoin;

public class SubscriptionWrapperSerdeTests
{
    private static readonly ForeignKeyJoinTopics Topics = new("KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic", "KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic", "KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-0000000010");
    private static readonly SerializationContext SubscriptionTopic = new(MessageComponentType.Value, "app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic");

    [Fact]
    public void Writes_version_1_with_instruction_hash_primary_key_and_partition_big_endian()
    {
        var serde = new SubscriptionWrapperSerde<string?>(Serdes.String, Topics);

        var bytes = serde.Serialize(new SubscriptionWrapper<string?>((0x0102030405060708, -1), SubscriptionInstruction.PropagateNullIfNoForeignValue, "pk", 3), SubscriptionTopic);

        bytes.Should().Equal(
        [
            0x01, 0x02,
            1, 2, 3, 4, 5, 6, 7, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            .. Encoding.UTF8.GetBytes("pk"),
            0, 0, 0, 3,
        ]);
    }

    [Fact]
    public void A_null_hash_sets_the_high_bit_and_is_omitted()
    {
        var serde = new SubscriptionWrapperSerde<string?>(Serdes.String, Topics);
        var wrapper = new SubscriptionWrapper<string?>(null, SubscriptionInstruction.DeleteKeyAndPropagate, "pk", 0);

        var bytes = serde.Serialize(wrapper, SubscriptionTopic);

        bytes.Should().Equal([0x81, 0x01, .. Encoding.UTF8.GetBytes("pk"), 0, 0, 0, 0]);
        serde.Deserialize(bytes, false, SubscriptionTopic).Should().Be(wrapper);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Round_trips_every_instruction_as_its_Kafka_byte(byte instruction)
    {
        var serde = new SubscriptionWrapperSerde<long>(Serdes.Int64, Topics);
        var wrapper = new SubscriptionWrapper<long>((42, 43), (SubscriptionInstruction)instruction, 99, 7);

        serde.Serialize(wrapper, SubscriptionTopic)[1].Should().Be(instruction);

        serde.Deserialize(serde.Serialize(wrapper, SubscriptionTopic), false, SubscriptionTopic).Should().Be(wrapper);
    }

    [Fact]
    public void Reads_version_0_without_a_partition()
    {
        var serde = new SubscriptionWrapperSerde<string?>(Serdes.String, Topics);

        var wrapper = serde.Deserialize([0x80, 0x03, .. Encoding.UTF8.GetBytes("pk")], false, SubscriptionTopic);

        wrapper.Should().Be(new SubscriptionWrapper<string?>(null, SubscriptionInstruction.PropagateOnlyIfForeignValue, "pk", null));
    }

    [Fact]
    public void Rejects_newer_versions_and_unknown_instructions()
    {
        var serde = new SubscriptionWrapperSerde<string?>(Serdes.String, Topics);

        ((Action)(() => serde.Deserialize([0x82, 0x00, 0, 0, 0, 0], false, SubscriptionTopic))).Should().Throw<InvalidDataException>();
        ((Action)(() => serde.Deserialize([0x81, 0x04, 0, 0, 0, 0], false, SubscriptionTopic))).Should().Throw<InvalidDataException>();
    }

    [Theory]
    [InlineData("app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic")]
    [InlineData("app-KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-0000000010-changelog")]
    public void Serializes_the_primary_key_for_the_pk_pseudo_topic_in_the_topic_and_in_the_store(string topic)
    {
        var seen = new List<string>();
        var serde = new SubscriptionWrapperSerde<string?>(new TopicRecordingSerde(seen), Topics);

        serde.Serialize(new SubscriptionWrapper<string?>(null, SubscriptionInstruction.DeleteKeyAndPropagate, "pk", 0), new SerializationContext(MessageComponentType.Value, topic));

        seen.Should().Equal("app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic-pk");
    }

    private sealed class TopicRecordingSerde(List<string> topics) : ISerde<string?>
    {
        public byte[] Serialize(string? data, SerializationContext context)
        {
            topics.Add(context.Topic);
            return Serdes.String.Serialize(data, context);
        }

        public string? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) => Serdes.String.Deserialize(data, isNull, context);
    }
}
