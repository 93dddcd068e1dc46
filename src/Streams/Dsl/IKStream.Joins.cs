namespace Streams.Dsl;

public partial interface IKStream<TKey, TValue>
{
    /// <summary>
    /// Joins this stream with another stream on the key within <paramref name="windows"/>, as Kafka Streams'
    /// <c>KStream#join(KStream, ValueJoiner, JoinWindows, StreamJoined)</c>: a record at t joins every other-stream
    /// record with the same key in <c>[t - before, t + after]</c> (bounds inclusive), as soon as the second of the two
    /// arrives; records with the same key and timestamp on one side are all kept, so duplicates produce every
    /// combination. The result has the larger of the two timestamps. Records with a null key or value are dropped.
    /// Late records (<c>t + after + grace &lt; streamTime</c> for this side, <c>t + before + grace</c> for the other)
    /// are not dropped, as in Kafka Streams 4.x: they join whatever the other side's window store still holds (it
    /// keeps records for before + after + grace). A stream whose key changed upstream is first written through a
    /// repartition topic (<c>{applicationId}-{name}-left-repartition</c> / <c>-right-repartition</c>, or named after
    /// the upstream processor), so that both sides are co-partitioned.
    /// </summary>
    /// <typeparam name="TOtherValue">The other stream's value type.</typeparam>
    /// <typeparam name="TValueOut">The joined value type.</typeparam>
    /// <param name="otherStream">The other (right) stream, from the same builder.</param>
    /// <param name="joiner">Combines this value and the other value.</param>
    /// <param name="windows">The join window and grace period.</param>
    /// <param name="streamJoined">Serdes, names and stores; null for defaults.</param>
    /// <returns>The joined stream.</returns>
    /// <exception cref="ArgumentException">The other stream comes from another builder.</exception>
    /// <exception cref="TopologyException">A store supplier does not retain duplicates, has other window settings, or both have one name; or a serde is missing.</exception>
    IKStream<TKey, TValueOut> Join<TOtherValue, TValueOut>(
        IKStream<TKey, TOtherValue> otherStream, Func<TValue, TOtherValue, TValueOut> joiner, JoinWindows windows, StreamJoined<TKey, TValue, TOtherValue>? streamJoined = null);

    /// <summary>Joins this stream with another stream within <paramref name="windows"/>, with read-only access to the key, as Kafka Streams' <c>join</c> with a <c>ValueJoinerWithKey</c>; otherwise as <see cref="Join{TOtherValue, TValueOut}(IKStream{TKey, TOtherValue}, Func{TValue, TOtherValue, TValueOut}, JoinWindows, StreamJoined{TKey, TValue, TOtherValue})"/>.</summary>
    /// <typeparam name="TOtherValue">The other stream's value type.</typeparam>
    /// <typeparam name="TValueOut">The joined value type.</typeparam>
    /// <param name="otherStream">The other (right) stream, from the same builder.</param>
    /// <param name="joiner">Combines key, this value and the other value.</param>
    /// <param name="windows">The join window and grace period.</param>
    /// <param name="streamJoined">Serdes, names and stores; null for defaults.</param>
    /// <returns>The joined stream.</returns>
    /// <exception cref="ArgumentException">The other stream comes from another builder.</exception>
    /// <exception cref="TopologyException">A store supplier is unsuitable or a serde is missing.</exception>
    IKStream<TKey, TValueOut> Join<TOtherValue, TValueOut>(
        IKStream<TKey, TOtherValue> otherStream, Func<TKey, TValue, TOtherValue, TValueOut> joiner, JoinWindows windows, StreamJoined<TKey, TValue, TOtherValue>? streamJoined = null);

    /// <summary>
    /// Left-joins this stream with another stream within <paramref name="windows"/>, as Kafka Streams'
    /// <c>KStream#leftJoin(KStream, ValueJoiner, JoinWindows, StreamJoined)</c>: matches as in
    /// <see cref="Join{TOtherValue, TValueOut}(IKStream{TKey, TOtherValue}, Func{TValue, TOtherValue, TValueOut}, JoinWindows, StreamJoined{TKey, TValue, TOtherValue})"/>;
    /// a record of this stream that never found a match is joined with null once, after its window has closed
    /// (stream time past <c>t + after + grace</c>), with its own timestamp, and never when a match arrives in time
    /// (KIP-633, no spurious results). A record of this stream with a null key (and a value) is joined with null at
    /// once (KIP-962); other null keys and null values are dropped. A record arriving after its window has ended (late
    /// or within grace) is joined with what the other side still holds, or with null at once. A side whose key changed
    /// goes through a repartition topic that keeps null keys for this join.
    /// </summary>
    /// <typeparam name="TOtherValue">The other stream's value type.</typeparam>
    /// <typeparam name="TValueOut">The joined value type.</typeparam>
    /// <param name="otherStream">The other (right) stream, from the same builder.</param>
    /// <param name="joiner">Combines this value and the other value (null when there was no match).</param>
    /// <param name="windows">The join window and grace period.</param>
    /// <param name="streamJoined">Serdes, names and stores; null for defaults.</param>
    /// <returns>The joined stream.</returns>
    /// <exception cref="ArgumentException">The other stream comes from another builder.</exception>
    /// <exception cref="TopologyException">A store supplier is unsuitable or a serde is missing.</exception>
    IKStream<TKey, TValueOut> LeftJoin<TOtherValue, TValueOut>(
        IKStream<TKey, TOtherValue> otherStream, Func<TValue, TOtherValue?, TValueOut> joiner, JoinWindows windows, StreamJoined<TKey, TValue, TOtherValue>? streamJoined = null);

    /// <summary>Left-joins this stream with another stream within <paramref name="windows"/>, with read-only access to the key; otherwise as <see cref="LeftJoin{TOtherValue, TValueOut}(IKStream{TKey, TOtherValue}, Func{TValue, TOtherValue, TValueOut}, JoinWindows, StreamJoined{TKey, TValue, TOtherValue})"/>.</summary>
    /// <typeparam name="TOtherValue">The other stream's value type.</typeparam>
    /// <typeparam name="TValueOut">The joined value type.</typeparam>
    /// <param name="otherStream">The other (right) stream, from the same builder.</param>
    /// <param name="joiner">Combines key (null for a null-key record), this value and the other value (null when there was no match).</param>
    /// <param name="windows">The join window and grace period.</param>
    /// <param name="streamJoined">Serdes, names and stores; null for defaults.</param>
    /// <returns>The joined stream.</returns>
    /// <exception cref="ArgumentException">The other stream comes from another builder.</exception>
    /// <exception cref="TopologyException">A store supplier is unsuitable or a serde is missing.</exception>
    IKStream<TKey, TValueOut> LeftJoin<TOtherValue, TValueOut>(
        IKStream<TKey, TOtherValue> otherStream, Func<TKey, TValue, TOtherValue?, TValueOut> joiner, JoinWindows windows, StreamJoined<TKey, TValue, TOtherValue>? streamJoined = null);

    /// <summary>
    /// Outer-joins this stream with another stream within <paramref name="windows"/>, as Kafka Streams'
    /// <c>KStream#outerJoin(KStream, ValueJoiner, JoinWindows, StreamJoined)</c>: matches as in
    /// <see cref="Join{TOtherValue, TValueOut}(IKStream{TKey, TOtherValue}, Func{TValue, TOtherValue, TValueOut}, JoinWindows, StreamJoined{TKey, TValue, TOtherValue})"/>;
    /// a record of either stream that never found a match is joined with null for the other side once, after its
    /// window has closed (this side: stream time past <c>t + after + grace</c>; other side: <c>t + before + grace</c>),
    /// with its own timestamp (KIP-633). Records of either stream with a null key (and a value) are joined with null
    /// at once (KIP-962), also through the repartition topic of a side whose key changed; null values are dropped. A
    /// record arriving after its window has ended (late or within grace) is joined with what the other side still holds,
    /// or with null at once.
    /// </summary>
    /// <typeparam name="TOtherValue">The other stream's value type.</typeparam>
    /// <typeparam name="TValueOut">The joined value type.</typeparam>
    /// <param name="otherStream">The other (right) stream, from the same builder.</param>
    /// <param name="joiner">Combines this value and the other value; exactly one of them may be null.</param>
    /// <param name="windows">The join window and grace period.</param>
    /// <param name="streamJoined">Serdes, names and stores; null for defaults.</param>
    /// <returns>The joined stream.</returns>
    /// <exception cref="ArgumentException">The other stream comes from another builder.</exception>
    /// <exception cref="TopologyException">A store supplier is unsuitable or a serde is missing.</exception>
    IKStream<TKey, TValueOut> OuterJoin<TOtherValue, TValueOut>(
        IKStream<TKey, TOtherValue> otherStream, Func<TValue?, TOtherValue?, TValueOut> joiner, JoinWindows windows, StreamJoined<TKey, TValue, TOtherValue>? streamJoined = null);

    /// <summary>Outer-joins this stream with another stream within <paramref name="windows"/>, with read-only access to the key; otherwise as <see cref="OuterJoin{TOtherValue, TValueOut}(IKStream{TKey, TOtherValue}, Func{TValue, TOtherValue, TValueOut}, JoinWindows, StreamJoined{TKey, TValue, TOtherValue})"/>.</summary>
    /// <typeparam name="TOtherValue">The other stream's value type.</typeparam>
    /// <typeparam name="TValueOut">The joined value type.</typeparam>
    /// <param name="otherStream">The other (right) stream, from the same builder.</param>
    /// <param name="joiner">Combines key (null for a null-key record), this value and the other value; exactly one of the values may be null.</param>
    /// <param name="windows">The join window and grace period.</param>
    /// <param name="streamJoined">Serdes, names and stores; null for defaults.</param>
    /// <returns>The joined stream.</returns>
    /// <exception cref="ArgumentException">The other stream comes from another builder.</exception>
    /// <exception cref="TopologyException">A store supplier is unsuitable or a serde is missing.</exception>
    IKStream<TKey, TValueOut> OuterJoin<TOtherValue, TValueOut>(
        IKStream<TKey, TOtherValue> otherStream, Func<TKey, TValue?, TOtherValue?, TValueOut> joiner, JoinWindows windows, StreamJoined<TKey, TValue, TOtherValue>? streamJoined = null);
}
