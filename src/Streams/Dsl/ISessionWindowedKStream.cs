using Streams.State;
namespace Streams.Dsl;

/// <summary>
/// A grouped stream windowed into sessions, as Kafka Streams' <c>SessionWindowedKStream</c>. Results are tables keyed
/// by <see cref="Windowed{TKey}"/> whose <see cref="Window"/> is the session <c>[start, end]</c> (both inclusive),
/// kept in a session store (<c>ISessionStore</c>) named by <c>Materialized</c>. When a record extends or merges
/// sessions, each replaced session is deleted from the table (a tombstone: an update with the old aggregate and no new
/// one) and the merged session is written; every update carries the session end as its timestamp. With the record
/// cache on (the default), updates of one session between commits are merged, as in Kafka Streams. Records with a null
/// key or value are ignored (dropped and counted); records whose session would end before
/// <c>streamTime - grace - gap</c> are dropped as late. Write the table to a topic with
/// <c>WindowedSerdes.SessionWindowed(keySerde)</c> keys.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface ISessionWindowedKStream<TKey, TValue>
{
    /// <summary>
    /// Returns a copy of this session-windowed stream that forwards results with <paramref name="emitStrategy"/>, as Kafka
    /// Streams' <c>SessionWindowedKStream#emitStrategy</c> (KIP-825). The default is
    /// <see cref="Dsl.EmitStrategy.OnWindowUpdate"/>: every update, with a tombstone for each session merged away. With
    /// <see cref="Dsl.EmitStrategy.OnWindowClose"/> nothing is forwarded on update and no tombstones are forwarded; each
    /// session's final aggregate is forwarded exactly once, when it closes: when stream time minus grace minus the
    /// inactivity gap passes its end (<c>end &lt; streamTime - grace - gap</c>), on the first record that advances stream
    /// time that far. Sessions merged into a later one before they closed are never forwarded; the record cache is not
    /// used; the last emitted close time is kept in a second store, <c>&lt;store name&gt;-emit-final-metadata</c>
    /// (changelogged when the session store is).
    /// </summary>
    /// <param name="emitStrategy">When to forward results.</param>
    /// <returns>A session-windowed stream with that strategy; this one is unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="emitStrategy"/> is null.</exception>
    ISessionWindowedKStream<TKey, TValue> EmitStrategy(EmitStrategy emitStrategy);

    /// <summary>Counts records per key and session, as Kafka Streams' <c>count</c>; merged sessions add their counts.</summary>
    /// <param name="materialized">Store name, retention (default and minimum: inactivity gap + grace), supplier and options; null generates a name.</param>
    /// <returns>The session-windowed table of counts.</returns>
    /// <exception cref="TopologyException">The retention is shorter than gap + grace, or the supplier is not a session store supplier.</exception>
    IKTable<Windowed<TKey>, long> Count(Materialized<TKey, long>? materialized = null);

    /// <summary>
    /// Combines values per key and session, as Kafka Streams' <c>reduce</c>: the first value of a session is its initial
    /// aggregate; when sessions merge, their aggregates are combined with the same reducer, earlier session first.
    /// </summary>
    /// <param name="reducer">Combines the aggregate so far with a new value (or with a later session's aggregate).</param>
    /// <param name="materialized">Store name, retention and options.</param>
    /// <returns>The session-windowed table.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reducer"/> is null.</exception>
    /// <exception cref="TopologyException">The retention is shorter than gap + grace, or the supplier is not a session store supplier.</exception>
    IKTable<Windowed<TKey>, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null);

    /// <summary>
    /// Aggregates values per key and session, as Kafka Streams' <c>aggregate(initializer, aggregator, sessionMerger)</c>.
    /// For each record the overlapping sessions are folded into <c>initializer()</c> with
    /// <paramref name="sessionMerger"/> (in session order), then the record is added with <paramref name="aggregator"/>.
    /// </summary>
    /// <typeparam name="TAggregate">The aggregate type.</typeparam>
    /// <param name="initializer">Creates the initial aggregate of a session.</param>
    /// <param name="aggregator">Adds a value to the aggregate.</param>
    /// <param name="sessionMerger">Combines two aggregates when sessions merge: key, aggregate so far, the next session's aggregate.</param>
    /// <param name="materialized">Store name, serdes, retention and options; the aggregate needs a serde unless it is a built-in type.</param>
    /// <returns>The session-windowed table.</returns>
    /// <exception cref="ArgumentNullException">A function is null.</exception>
    /// <exception cref="TopologyException">The retention is shorter than gap + grace, the supplier is not a session store supplier, or a serde is missing.</exception>
    IKTable<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(
        Func<TAggregate> initializer,
        Func<TKey, TValue, TAggregate, TAggregate> aggregator,
        Func<TKey, TAggregate, TAggregate, TAggregate> sessionMerger,
        Materialized<TKey, TAggregate>? materialized = null);
}
