using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// The right (other) side of a stream-stream join, as Kafka Streams' <c>KStreamKStreamJoinRightSide</c>: a right record at t
/// joins left records in <c>[t - after, t + before]</c> (the window mirrored), through the reversed joiner; outer only for
/// outer joins.
/// </summary>
internal sealed class KStreamKStreamJoinRightSide<TKey, TLeft, TRight, TOut>(
    string otherStoreName, string? outerStoreName, JoinWindows windows, Func<TKey, TLeft?, TRight?, TOut> joiner, bool outer, JoinTimeTrackers trackers)
    : KStreamKStreamJoin<TKey, TLeft, TRight, TOut, TRight, TLeft>(
        otherStoreName, outerStoreName, windows, windows.AfterMs, windows.BeforeMs, (k, right, left) => joiner(k, left, right), joiner, outer, trackers)
{
    protected override TimestampedKeyAndJoinSide<TKey> ThisKey(TKey key, long timestampMs) => TimestampedKeyAndJoinSide<TKey>.Right(key, timestampMs);

    protected override TimestampedKeyAndJoinSide<TKey> OtherKey(TKey key, long timestampMs) => TimestampedKeyAndJoinSide<TKey>.Left(key, timestampMs);

    protected override LeftOrRightValue<TLeft, TRight> ThisValue(TRight value) => LeftOrRightValue<TLeft, TRight>.MakeRight(value);
}
