using Confluent.Kafka;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Tests.State.Internal;

public class ValueAndTimestampSerdeTests
{
    private static readonly SerializationContext Ctx = new(MessageComponentType.Value, "app-store-changelog");

    private readonly ValueAndTimestampSerde<string?> _serde = new(Serdes.String);

    [Fact]
    public void Layout_is_the_eight_byte_big_endian_timestamp_then_the_value()
    {
        var bytes = _serde.Serialize(new ValueAndTimestamp<string?>("hi", 0x0102030405060708), Ctx);

        Convert.ToHexString(bytes).Should().Be("0102030405060708" + "6869");
    }

    [Fact]
    public void Round_trips_including_negative_timestamps_and_empty_values()
    {
        foreach (var original in new[] { new ValueAndTimestamp<string?>("v", 1_700_000_000_000), new ValueAndTimestamp<string?>(string.Empty, -1) })
        {
            _serde.Deserialize(_serde.Serialize(original, Ctx), false, Ctx).Should().Be(original);
        }
    }

    [Fact]
    public void Works_with_fixed_size_inner_serdes()
    {
        var serde = new ValueAndTimestampSerde<long>(Serdes.Int64);

        var bytes = serde.Serialize(new ValueAndTimestamp<long>(3, 9), Ctx);

        Convert.ToHexString(bytes).Should().Be("0000000000000009" + "0000000000000003");
        serde.Deserialize(bytes, false, Ctx).Should().Be(new ValueAndTimestamp<long>(3, 9));
        serde.Inner.Should().BeSameAs(Serdes.Int64);
    }

    [Fact]
    public void Null_stays_null_both_ways()
    {
        _serde.Serialize(null, Ctx).Should().BeNull();
        _serde.Serialize(new ValueAndTimestamp<string?>(null, 5), Ctx).Should().BeNull("a null inner value is a tombstone");
        _serde.Deserialize(ReadOnlySpan<byte>.Empty, true, Ctx).Should().BeNull();
    }

    [Fact]
    public void Input_shorter_than_the_timestamp_throws()
    {
        var act = () => _serde.Deserialize(new byte[7], false, Ctx);

        act.Should().Throw<InvalidDataException>().WithMessage("*8 bytes*7*");
    }
}
