using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// The left (this) side of a stream-stream join, as Kafka Streams' <c>KStreamKStreamJoinLeftSide</c>: a left record at t
/// joins right records in <c>[t - before, t + after]</c>; outer for left and outer joins.
/// </summary>
internal sealed class KStreamKStreamJoinLeftSide<TKey, TLeft, TRight, TOut>(
    string otherStoreName, string? outerStoreName, JoinWindows windows, Func<TKey, TLeft?, TRight?, TOut> joiner, bool outer, JoinTimeTrackers trackers)
    : KStreamKStreamJoin<TKey, TLeft, TRight, TOut, TLeft, TRight>(
        otherStoreName, outerStoreName, windows, windows.BeforeMs, windows.AfterMs, (k, left, right) => joiner(k, left, right), joiner, outer, trackers)
{
    protected override TimestampedKeyAndJoinSide<TKey> ThisKey(TKey key, long timestampMs) => TimestampedKeyAndJoinSide<TKey>.Left(key, timestampMs);

    protected override TimestampedKeyAndJoinSide<TKey> OtherKey(TKey key, long timestampMs) => TimestampedKeyAndJoinSide<TKey>.Right(key, timestampMs);

    protected override LeftOrRightValue<TLeft, TRight> ThisValue(TLeft value) => LeftOrRightValue<TLeft, TRight>.MakeLeft(value);
}
