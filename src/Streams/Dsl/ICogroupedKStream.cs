using Streams.State;
namespace Streams.Dsl;

/// <summary>
/// Grouped streams of one key type aggregated together, as Kafka Streams' <c>CogroupedKStream</c> (KIP-150). Every
/// input has its own aggregator; all of them update one shared store, and every update of it is forwarded to one
/// result table, whichever input caused it. Inputs whose key changed upstream are repartitioned first, each through
/// its own topic. Records with a null key or value are dropped and counted, as for single-stream aggregations.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TAggregate">The aggregate type.</typeparam>
public interface ICogroupedKStream<TKey, TAggregate>
{
    /// <summary>Adds a grouped stream and its aggregator, as Kafka Streams' <c>CogroupedKStream#cogroup</c>.</summary>
    /// <typeparam name="TValueIn">The value type of the added stream.</typeparam>
    /// <param name="groupedStream">A grouped stream of the same builder, not already part of this cogroup.</param>
    /// <param name="aggregator">Adds a value of that stream to the aggregate.</param>
    /// <returns>This cogrouped stream, with the input added (as in Kafka Streams, the object itself grows).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The stream comes from another builder or is already part of the cogroup.</exception>
    ICogroupedKStream<TKey, TAggregate> Cogroup<TValueIn>(IKGroupedStream<TKey, TValueIn> groupedStream, Func<TKey, TValueIn, TAggregate, TAggregate> aggregator);

    /// <summary>
    /// Aggregates every input into one table, as Kafka Streams' <c>CogroupedKStream#aggregate</c>. Processors are
    /// named <c>COGROUPKSTREAM-AGGREGATE-n</c> per input and <c>COGROUPKSTREAM-MERGE-n</c> for the result
    /// (<c>{name}-cogroup-agg-{i}</c> and <c>{name}-cogroup-merge</c> with <paramref name="named"/>).
    /// </summary>
    /// <param name="initializer">Creates the initial aggregate of a key.</param>
    /// <param name="materialized">Store name, serdes and options; the aggregate needs a serde unless it is a built-in type.</param>
    /// <param name="named">Names the processors, or null.</param>
    /// <returns>The table of aggregates.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="initializer"/> is null.</exception>
    /// <exception cref="TopologyException">No serde is known for the key or aggregate type.</exception>
    IKTable<TKey, TAggregate> Aggregate(Func<TAggregate> initializer, Materialized<TKey, TAggregate>? materialized = null, Named? named = null);

    /// <summary>Windows the cogroup by time, as Kafka Streams' <c>CogroupedKStream#windowedBy(Windows)</c>.</summary>
    /// <param name="windows">Tumbling or hopping windows with a grace period.</param>
    /// <returns>The windowed cogroup.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="windows"/> is null.</exception>
    ITimeWindowedCogroupedKStream<TKey, TAggregate> WindowedBy(TimeWindows windows);
}
