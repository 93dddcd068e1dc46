namespace Streams.Dsl;

/// <content>Cogrouping (KIP-150).</content>
public partial interface IKGroupedStream<TKey, TValue>
{
    /// <summary>
    /// Starts a cogroup with this grouped stream, as Kafka Streams' <c>KGroupedStream#cogroup</c> (KIP-150): several
    /// grouped streams of the same key type, each with its own value type and aggregator, fold into one aggregate per
    /// key held in one store and forwarded as one table.
    /// </summary>
    /// <typeparam name="TAggregate">The aggregate type.</typeparam>
    /// <param name="aggregator">Adds a value of this stream to the aggregate.</param>
    /// <returns>The cogrouped stream; add more streams with <see cref="ICogroupedKStream{TKey, TAggregate}.Cogroup"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="aggregator"/> is null.</exception>
    ICogroupedKStream<TKey, TAggregate> Cogroup<TAggregate>(Func<TKey, TValue, TAggregate, TAggregate> aggregator);
}
