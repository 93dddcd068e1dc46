using Confluent.Kafka;
using Streams.Serialization;
using Streams.State.Internal;

namespace Streams.Tests.State.Internal;

/// <summary><see cref="TimestampedKeyAndJoinSideSerde{TKey}"/> and <see cref="LeftOrRightValueSerde{TLeft, TRight}"/>: the outer store of stream-stream joins.</summary>
public class JoinStoreSerdesTests
{
    private static readonly SerializationContext Context = new(MessageComponentType.Key, "t");
    private readonly TimestampedKeyAndJoinSideSerde<string?> _keys = new(Serdes.String);

    [Fact]
    public void Keys_round_trip_and_sort_by_timestamp_then_right_before_left_then_key()
    {
        TimestampedKeyAndJoinSide<string?>[] keys = [new("b", 5, true), new("a", 5, true), new("z", 5, false), new("a", 4, true), new("a", -1, false)];

        var sorted = keys.Select(k => _keys.Serialize(k, Context)).OrderBy(b => b, Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).ToList();

        sorted.Select(b => _keys.Deserialize(b, false, Context)).Should().Equal(
            new("a", -1, false), new("a", 4, true), new("z", 5, false), new("a", 5, true), new("b", 5, true));
    }

    [Fact]
    public void Values_keep_their_side()
    {
        var serde = new LeftOrRightValueSerde<string?, long>(Serdes.String, Serdes.Int64);

        var left = serde.Deserialize(serde.Serialize(LeftOrRightValue<string?, long>.MakeLeft("l"), Context), false, Context);
        var right = serde.Deserialize(serde.Serialize(LeftOrRightValue<string?, long>.MakeRight(7), Context), false, Context);

        (left.IsLeft, left.LeftValue, left.RightValue).Should().Be((true, "l", 0L));
        (right.IsLeft, right.LeftValue, right.RightValue).Should().Be((false, null, 7L));
    }
}
