using Streams.State;
namespace Streams.Dsl;

/// <summary>
/// A cogroup windowed by time, as Kafka Streams' <c>TimeWindowedCogroupedKStream</c>: one aggregate per key and
/// window in one window store, fed by every input; windows and grace behave as for
/// <see cref="ITimeWindowedKStream{TKey, TValue}"/> (a record is dropped for a window once
/// <c>windowEnd &lt;= streamTime - grace</c>).
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TAggregate">The aggregate type.</typeparam>
public interface ITimeWindowedCogroupedKStream<TKey, TAggregate>
{
    /// <summary>Aggregates every input per key and window, as Kafka Streams' <c>TimeWindowedCogroupedKStream#aggregate</c>.</summary>
    /// <param name="initializer">Creates the initial aggregate of a window.</param>
    /// <param name="materialized">Store name, serdes, retention and options.</param>
    /// <param name="named">Names the processors, or null.</param>
    /// <returns>The windowed table.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="initializer"/> is null.</exception>
    /// <exception cref="TopologyException">No serde is known, or the retention is shorter than size + grace.</exception>
    IKTable<Windowed<TKey>, TAggregate> Aggregate(Func<TAggregate> initializer, Materialized<TKey, TAggregate>? materialized = null, Named? named = null);
}
