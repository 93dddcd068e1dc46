namespace Streams.Dsl;

/// <summary>
/// An unbounded stream of independent records, as Kafka Streams' <c>KStream</c>. Operators return new
/// streams; nothing runs until the built <see cref="Topology"/> is started. Key-changing operators
/// (<see cref="Map{TKeyOut, TValueOut}"/>, <see cref="SelectKey{TKeyOut}"/>) mark the stream for
/// repartitioning before a later grouping, as in Kafka Streams.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public partial interface IKStream<TKey, TValue>
{
    /// <summary>Keeps the records that satisfy <paramref name="predicate"/>, as Kafka Streams' <c>filter</c>.</summary>
    /// <param name="predicate">The predicate over key and value.</param>
    /// <param name="named">The processor name, or null to generate <c>KSTREAM-FILTER-n</c>.</param>
    /// <returns>The filtered stream.</returns>
    IKStream<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, Named? named = null);

    /// <summary>Drops the records that satisfy <paramref name="predicate"/>, as Kafka Streams' <c>filterNot</c>.</summary>
    /// <param name="predicate">The predicate over key and value.</param>
    /// <param name="named">The processor name, or null to generate one.</param>
    /// <returns>The filtered stream.</returns>
    IKStream<TKey, TValue> FilterNot(Func<TKey, TValue, bool> predicate, Named? named = null);

    /// <summary>Transforms each record into a new key and value, as Kafka Streams' <c>map</c>; marks the stream for repartitioning.</summary>
    /// <typeparam name="TKeyOut">The new key type.</typeparam>
    /// <typeparam name="TValueOut">The new value type.</typeparam>
    /// <param name="mapper">Returns the new key and value.</param>
    /// <param name="named">The processor name, or null to generate <c>KSTREAM-MAP-n</c>.</param>
    /// <returns>The mapped stream.</returns>
    IKStream<TKeyOut, TValueOut> Map<TKeyOut, TValueOut>(Func<TKey, TValue, (TKeyOut Key, TValueOut Value)> mapper, Named? named = null);

    /// <summary>Transforms each value, keeping the key, as Kafka Streams' <c>mapValues</c>.</summary>
    /// <typeparam name="TValueOut">The new value type.</typeparam>
    /// <param name="mapper">Returns the new value.</param>
    /// <param name="named">The processor name, or null to generate <c>KSTREAM-MAPVALUES-n</c>.</param>
    /// <returns>The mapped stream.</returns>
    IKStream<TKey, TValueOut> MapValues<TValueOut>(Func<TValue, TValueOut> mapper, Named? named = null);

    /// <summary>Transforms each value with read-only access to the key, as Kafka Streams' <c>mapValues</c> with a <c>ValueMapperWithKey</c>.</summary>
    /// <typeparam name="TValueOut">The new value type.</typeparam>
    /// <param name="mapper">Returns the new value.</param>
    /// <param name="named">The processor name, or null to generate one.</param>
    /// <returns>The mapped stream.</returns>
    IKStream<TKey, TValueOut> MapValues<TValueOut>(Func<TKey, TValue, TValueOut> mapper, Named? named = null);

    /// <summary>Turns each value into zero or more values with the same key, as Kafka Streams' <c>flatMapValues</c>.</summary>
    /// <typeparam name="TValueOut">The new value type.</typeparam>
    /// <param name="mapper">Returns the new values (null or empty: nothing is forwarded).</param>
    /// <param name="named">The processor name, or null to generate <c>KSTREAM-FLATMAPVALUES-n</c>.</param>
    /// <returns>The new stream.</returns>
    IKStream<TKey, TValueOut> FlatMapValues<TValueOut>(Func<TKey, TValue, IEnumerable<TValueOut>?> mapper, Named? named = null);

    /// <summary>Sets a new key computed from key and value, as Kafka Streams' <c>selectKey</c>; marks the stream for repartitioning.</summary>
    /// <typeparam name="TKeyOut">The new key type.</typeparam>
    /// <param name="keySelector">Returns the new key.</param>
    /// <param name="named">The processor name, or null to generate <c>KSTREAM-KEY-SELECT-n</c>.</param>
    /// <returns>The re-keyed stream.</returns>
    IKStream<TKeyOut, TValue> SelectKey<TKeyOut>(Func<TKey, TValue, TKeyOut> keySelector, Named? named = null);

    /// <summary>Calls <paramref name="action"/> for each record and forwards it unchanged, as Kafka Streams' <c>peek</c>.</summary>
    /// <param name="action">The side effect.</param>
    /// <param name="named">The processor name, or null to generate <c>KSTREAM-PEEK-n</c>.</param>
    /// <returns>The same records.</returns>
    IKStream<TKey, TValue> Peek(Action<TKey, TValue> action, Named? named = null);

    /// <summary>Calls <paramref name="action"/> for each record; a terminal operation, as Kafka Streams' <c>foreach</c>.</summary>
    /// <param name="action">The side effect.</param>
    /// <param name="named">The processor name, or null to generate <c>KSTREAM-FOREACH-n</c>.</param>
    void Foreach(Action<TKey, TValue> action, Named? named = null);

    /// <summary>Writes the stream to a topic, as Kafka Streams' <c>to</c>.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="produced">Serdes and sink name; null uses the stream's serdes or the defaults.</param>
    /// <exception cref="TopologyException">No serde is known for the key or value type.</exception>
    void To(string topic, Produced<TKey, TValue>? produced = null);

    /// <summary>Writes each record to the topic <paramref name="topicExtractor"/> names, as Kafka Streams' <c>to</c> with a <c>TopicNameExtractor</c>.</summary>
    /// <param name="topicExtractor">Returns the topic for a record.</param>
    /// <param name="produced">Serdes and sink name.</param>
    void To(Func<TKey, TValue, string> topicExtractor, Produced<TKey, TValue>? produced = null);

    /// <summary>Splits the stream into named branches by predicates, as Kafka Streams' <c>split</c>.</summary>
    /// <param name="named">Prefix of the branch names, or null.</param>
    /// <returns>A builder of branches.</returns>
    IBranchedKStream<TKey, TValue> Split(Named? named = null);

    /// <summary>
    /// Joins each record with a GlobalKTable row found by <paramref name="keySelector"/>; records without a
    /// match are forwarded with a null table value, as Kafka Streams' <c>leftJoin(GlobalKTable, ...)</c>.
    /// Records with a null value are dropped; a null selected key drops the record (counted), except for a record whose
    /// own key is null, which joins with null (KIP-962).
    /// </summary>
    /// <typeparam name="TGlobalKey">The table key type.</typeparam>
    /// <typeparam name="TGlobalValue">The table value type.</typeparam>
    /// <typeparam name="TValueOut">The joined value type.</typeparam>
    /// <param name="table">The global table.</param>
    /// <param name="keySelector">Maps a stream record to the table key.</param>
    /// <param name="joiner">Combines the stream value and the table value (null when absent).</param>
    /// <param name="named">The processor name, or null to generate <c>KSTREAM-LEFTJOIN-n</c>.</param>
    /// <returns>The joined stream.</returns>
    IKStream<TKey, TValueOut> LeftJoin<TGlobalKey, TGlobalValue, TValueOut>(
        IGlobalKTable<TGlobalKey, TGlobalValue> table,
        Func<TKey, TValue, TGlobalKey> keySelector,
        Func<TValue, TGlobalValue?, TValueOut> joiner,
        Named? named = null);

    /// <summary>Joins each record with a GlobalKTable row; records without a match are dropped, as Kafka Streams' <c>join(GlobalKTable, ...)</c>.</summary>
    /// <typeparam name="TGlobalKey">The table key type.</typeparam>
    /// <typeparam name="TGlobalValue">The table value type.</typeparam>
    /// <typeparam name="TValueOut">The joined value type.</typeparam>
    /// <param name="table">The global table.</param>
    /// <param name="keySelector">Maps a stream record to the table key.</param>
    /// <param name="joiner">Combines the stream value and the table value.</param>
    /// <param name="named">The processor name, or null to generate <c>KSTREAM-JOIN-n</c>.</param>
    /// <returns>The joined stream.</returns>
    IKStream<TKey, TValueOut> Join<TGlobalKey, TGlobalValue, TValueOut>(
        IGlobalKTable<TGlobalKey, TGlobalValue> table,
        Func<TKey, TValue, TGlobalKey> keySelector,
        Func<TValue, TGlobalValue, TValueOut> joiner,
        Named? named = null);

    /// <summary>
    /// Runs a Processor API processor on every record, as Kafka Streams' <c>process</c>: it can forward
    /// any number of records with headers, read record metadata and schedule punctuations.
    /// </summary>
    /// <typeparam name="TKeyOut">The forwarded key type.</typeparam>
    /// <typeparam name="TValueOut">The forwarded value type.</typeparam>
    /// <param name="processorSupplier">Creates one processor instance per task; must return a new instance on every call.</param>
    /// <param name="named">The processor name, or null to generate <c>KSTREAM-PROCESSOR-n</c>.</param>
    /// <returns>The stream of forwarded records; marked for repartitioning since the key may change.</returns>
    IKStream<TKeyOut, TValueOut> Process<TKeyOut, TValueOut>(Func<Processor.IProcessor<TKey, TValue, TKeyOut, TValueOut>> processorSupplier, Named? named = null);

    /// <summary>Turns each record into zero or more records with new keys, as Kafka Streams' <c>flatMap</c>; marks the stream for repartitioning.</summary>
    /// <typeparam name="TKeyOut">The new key type.</typeparam>
    /// <typeparam name="TValueOut">The new value type.</typeparam>
    /// <param name="mapper">Returns the new records (null or empty: nothing is forwarded).</param>
    /// <param name="named">The processor name, or null to generate <c>KSTREAM-FLATMAP-n</c>.</param>
    /// <returns>The new stream.</returns>
    IKStream<TKeyOut, TValueOut> FlatMap<TKeyOut, TValueOut>(Func<TKey, TValue, IEnumerable<(TKeyOut Key, TValueOut Value)>?> mapper, Named? named = null);

    /// <summary>
    /// Merges this stream with another of the same types, as Kafka Streams' <c>merge</c>: records of both go
    /// downstream in the order the task processes them; no ordering between the two inputs is implied.
    /// </summary>
    /// <param name="other">The other stream, from the same <see cref="StreamsBuilder"/>.</param>
    /// <param name="named">The processor name, or null to generate <c>KSTREAM-MERGE-n</c>.</param>
    /// <returns>The merged stream.</returns>
    /// <exception cref="ArgumentException">The other stream comes from another builder.</exception>
    IKStream<TKey, TValue> Merge(IKStream<TKey, TValue> other, Named? named = null);

    /// <summary>Prints every record, as Kafka Streams' <c>print</c>; a terminal operation, for debugging.</summary>
    /// <param name="printed">Destination, label and format.</param>
    void Print(Printed<TKey, TValue> printed);

    /// <summary>
    /// Writes the stream through a repartition topic <c>{applicationId}-{name}-repartition</c>, partitioned by
    /// the current key (or <see cref="Repartitioned{TKey, TValue}.Partitioner"/>), as Kafka Streams' <c>repartition</c>;
    /// downstream operators run in a new sub-topology. Records with a null key are dropped (not counted as dropped
    /// records), unless a left stream-table, left stream-globaltable or left/outer stream-stream join is downstream:
    /// then they go to an arbitrary partition for that join, as Kafka Streams 3.7+ (KIP-962).
    /// Never merged with other repartition topics by <see cref="TopologyOptimization.MergeRepartitionTopics"/>.
    /// </summary>
    /// <param name="repartitioned">Name, serdes and partition count.</param>
    /// <returns>The repartitioned stream.</returns>
    IKStream<TKey, TValue> Repartition(Repartitioned<TKey, TValue>? repartitioned = null);

    /// <summary>
    /// Reads the stream as a changelog: the latest value per key, as Kafka Streams' <c>toTable</c>. Null values
    /// (tombstones, <see cref="Processor.Record{TKey, TValue}.IsTombstone"/>) delete keys; null keys are dropped; every update is
    /// forwarded, one equal to the stored value included (KAFKA-12508).
    /// </summary>
    /// <param name="materialized">Store name and serdes; the table is always materialized.</param>
    /// <returns>The table.</returns>
    IKTable<TKey, TValue> ToTable(Materialized<TKey, TValue>? materialized = null);

    /// <summary>
    /// Joins each record with the table's current value for the same key, as Kafka Streams' <c>join(KTable)</c>:
    /// records without a row, and records with a null key or value, are dropped. The inputs must be co-partitioned.
    /// </summary>
    /// <typeparam name="TTableValue">The table value type.</typeparam>
    /// <typeparam name="TValueOut">The joined value type.</typeparam>
    /// <param name="table">The table (from the same builder).</param>
    /// <param name="joiner">Combines stream and table values.</param>
    /// <param name="named">The processor name, or null to generate <c>KSTREAM-JOIN-n</c>.</param>
    /// <returns>The joined stream.</returns>
    IKStream<TKey, TValueOut> Join<TTableValue, TValueOut>(IKTable<TKey, TTableValue> table, Func<TValue, TTableValue, TValueOut> joiner, Named? named = null);

    /// <summary>
    /// Joins each record with the table's current value for the same key, or null, as Kafka Streams'
    /// <c>leftJoin(KTable)</c>: records with a null value are dropped; a null key joins with null (KIP-962).
    /// </summary>
    /// <typeparam name="TTableValue">The table value type.</typeparam>
    /// <typeparam name="TValueOut">The joined value type.</typeparam>
    /// <param name="table">The table (from the same builder).</param>
    /// <param name="joiner">Combines the stream value and the table value (null when absent).</param>
    /// <param name="named">The processor name, or null to generate <c>KSTREAM-LEFTJOIN-n</c>.</param>
    /// <returns>The joined stream.</returns>
    IKStream<TKey, TValueOut> LeftJoin<TTableValue, TValueOut>(IKTable<TKey, TTableValue> table, Func<TValue, TTableValue?, TValueOut> joiner, Named? named = null);

    /// <summary>Groups by the current key, as Kafka Streams' <c>groupByKey</c>; repartitions first when the key was changed upstream.</summary>
    /// <param name="grouped">Serdes and name (which names the repartition topic, if any).</param>
    /// <returns>The grouped stream.</returns>
    IKGroupedStream<TKey, TValue> GroupByKey(Grouped<TKey, TValue>? grouped = null);

    /// <summary>Groups by a new key; always through a repartition topic, as Kafka Streams' <c>groupBy</c>.</summary>
    /// <typeparam name="TKeyOut">The new key type.</typeparam>
    /// <param name="keySelector">Returns the grouping key (records whose key is null go through the repartition topic and are dropped, and counted, by the aggregation, as Kafka Streams 4.x).</param>
    /// <param name="grouped">Serdes and name of the repartition topic <c>{applicationId}-{name}-repartition</c>.</param>
    /// <returns>The grouped stream.</returns>
    IKGroupedStream<TKeyOut, TValue> GroupBy<TKeyOut>(Func<TKey, TValue, TKeyOut> keySelector, Grouped<TKeyOut, TValue>? grouped = null);
}
