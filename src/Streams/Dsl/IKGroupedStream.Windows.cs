namespace Streams.Dsl;

/// <content>Sliding and unlimited windows.</content>
public partial interface IKGroupedStream<TKey, TValue>
{
    /// <summary>
    /// Windows the grouped stream by sliding windows, as Kafka Streams' <c>windowedBy(SlidingWindows)</c>: windows of
    /// length <see cref="SlidingWindows.TimeDifferenceMs"/> with inclusive bounds, placed at the record timestamps
    /// (see <see cref="SlidingWindows"/>). Results are keyed by <see cref="State.Windowed{TKey}"/>; read them with
    /// <c>WindowedSerdes.TimeWindowed(keySerde, timeDifference)</c>. The store keeps windows for 2 × time difference + grace
    /// unless <see cref="Materialized{TKey, TValue}.Retention"/> says more.
    /// </summary>
    /// <param name="windows">The sliding windows.</param>
    /// <returns>The windowed stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="windows"/> is null.</exception>
    ITimeWindowedKStream<TKey, TValue> WindowedBy(SlidingWindows windows);

    /// <summary>
    /// Windows the grouped stream by one unlimited window per key, as Kafka Streams' <c>windowedBy(UnlimitedWindows)</c>:
    /// every record at or after <see cref="UnlimitedWindows.StartMs"/> is aggregated into <c>[start, long.MaxValue)</c>.
    /// </summary>
    /// <param name="windows">The unlimited windows.</param>
    /// <returns>The windowed stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="windows"/> is null.</exception>
    ITimeWindowedKStream<TKey, TValue> WindowedBy(UnlimitedWindows windows);
}
