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

/// <content>Emit strategy.</content>
public partial interface ITimeWindowedKStream<TKey, TValue>
{
    /// <summary>
    /// A copy of this windowed stream whose aggregations forward results as <paramref name="emitStrategy"/> says, as
    /// Kafka Streams' <c>TimeWindowedKStream#emitStrategy</c> (KIP-825). With <see cref="Dsl.EmitStrategy.OnWindowClose"/>
    /// each window's final result is forwarded exactly once, when stream time passes the window end plus the grace
    /// period (time windows: <c>windowEnd &lt;= streamTime - grace</c>; sliding windows: <c>windowEnd &lt; streamTime - grace</c>),
    /// with the largest record timestamp of the window; nothing is forwarded when the record cache flushes (as Kafka
    /// Streams, time windows keep the cache as a read/write cache, sliding windows do not use it), and the last emitted
    /// close time is kept in a companion store <c>{storeName}-emit-final-metadata</c> (changelogged with the window store)
    /// so that a restart neither emits a window again nor skips one.
    /// </summary>
    /// <param name="emitStrategy">The strategy; <see cref="Dsl.EmitStrategy.OnWindowUpdate"/> is the default.</param>
    /// <returns>The windowed stream with the strategy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="emitStrategy"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="Dsl.EmitStrategy.OnWindowClose"/> with <see cref="UnlimitedWindows"/>, whose window never closes.</exception>
    ITimeWindowedKStream<TKey, TValue> EmitStrategy(EmitStrategy emitStrategy);
}
