using Streams.Processor;

namespace Streams.Dsl;

/// <summary>Processor API operators with connected state stores, and the key-preserving <c>ProcessValues</c>.</summary>
public partial interface IKStream<TKey, TValue>
{
    /// <summary>
    /// Runs a Processor API processor on every record with access to the named state stores, as Kafka Streams'
    /// <c>process(ProcessorSupplier, String...)</c>. The stores must be added with <see cref="StreamsBuilder.AddStateStore{TStore}"/>
    /// (or be a DSL operator's named store); processors sharing a store run in the same sub-topology.
    /// </summary>
    /// <typeparam name="TKeyOut">The forwarded key type.</typeparam>
    /// <typeparam name="TValueOut">The forwarded value type.</typeparam>
    /// <param name="processorSupplier">Creates one processor instance per task; must return a new instance on every call.</param>
    /// <param name="stateStoreNames">Names of the stores the processor reads with <c>GetStateStore</c>.</param>
    /// <returns>The stream of forwarded records; marked for repartitioning since the key may change.</returns>
    /// <exception cref="TopologyException">Thrown by <c>Build</c> when a named store does not exist.</exception>
    IKStream<TKeyOut, TValueOut> Process<TKeyOut, TValueOut>(Func<IProcessor<TKey, TValue, TKeyOut, TValueOut>> processorSupplier, params string[] stateStoreNames);

    /// <summary>
    /// Runs a Processor API processor on every record with access to the named state stores, as Kafka Streams'
    /// <c>process(ProcessorSupplier, Named, String...)</c>.
    /// </summary>
    /// <typeparam name="TKeyOut">The forwarded key type.</typeparam>
    /// <typeparam name="TValueOut">The forwarded value type.</typeparam>
    /// <param name="processorSupplier">Creates one processor instance per task; must return a new instance on every call.</param>
    /// <param name="named">The processor name, or null to generate <c>KSTREAM-PROCESSOR-n</c>.</param>
    /// <param name="stateStoreNames">Names of the stores the processor reads with <c>GetStateStore</c>.</param>
    /// <returns>The stream of forwarded records; marked for repartitioning since the key may change.</returns>
    /// <exception cref="TopologyException">Thrown by <c>Build</c> when a named store does not exist.</exception>
    IKStream<TKeyOut, TValueOut> Process<TKeyOut, TValueOut>(
        Func<IProcessor<TKey, TValue, TKeyOut, TValueOut>> processorSupplier, Named? named, params string[] stateStoreNames);

    /// <summary>
    /// Runs a key-preserving processor on every record, as Kafka Streams' <c>processValues</c> (KIP-820): it forwards any
    /// number of records derived from the input with <see cref="FixedKeyRecord{TKey, TValue}.WithValue{TNewValue}"/>, can
    /// read the named stores, record metadata and schedule punctuations, but cannot change the key, so the stream is not
    /// marked for repartitioning (a later <c>GroupByKey</c> needs no repartition topic).
    /// </summary>
    /// <typeparam name="TValueOut">The forwarded value type.</typeparam>
    /// <param name="processorSupplier">Creates one processor instance per task; must return a new instance on every call.</param>
    /// <param name="named">The processor name, or null to generate <c>KSTREAM-PROCESSVALUES-n</c>.</param>
    /// <param name="stateStoreNames">Names of the stores the processor reads with <c>GetStateStore</c>.</param>
    /// <returns>The stream of forwarded records, with the same key.</returns>
    /// <exception cref="TopologyException">Thrown by <c>Build</c> when a named store does not exist.</exception>
    IKStream<TKey, TValueOut> ProcessValues<TValueOut>(
        Func<IFixedKeyProcessor<TKey, TValue, TValueOut>> processorSupplier, Named? named = null, params string[] stateStoreNames);
}
