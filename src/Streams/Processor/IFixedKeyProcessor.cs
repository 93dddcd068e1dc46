namespace Streams.Processor;

/// <summary>
/// A processor that cannot change the key, as Kafka Streams' <c>api.FixedKeyProcessor</c> (KIP-820): it forwards only
/// <see cref="FixedKeyRecord{TKey, TValue}"/>s derived from its input, so a stream processed with
/// <c>IKStream.ProcessValues</c> keeps its partitioning and a later grouping needs no repartition. One instance per
/// task; the runtime calls <see cref="Init"/> once, then <see cref="Process"/> for every record, one at a time, and
/// <see cref="Close"/> when the task closes.
/// </summary>
/// <typeparam name="TKey">The key type (in and out).</typeparam>
/// <typeparam name="TValueIn">Input value type.</typeparam>
/// <typeparam name="TValueOut">Forwarded value type.</typeparam>
public interface IFixedKeyProcessor<TKey, TValueIn, TValueOut>
{
    /// <summary>Called once before the first record; keep the context to forward, read stores and schedule.</summary>
    /// <param name="context">The processor's context, valid until <see cref="Close"/>.</param>
    void Init(IFixedKeyProcessorContext<TKey, TValueOut> context)
    {
    }

    /// <summary>Processes one record. Exceptions stop the task (see the runtime's error handling).</summary>
    /// <param name="record">The record; derive forwarded records from it with <c>WithValue</c>.</param>
    void Process(FixedKeyRecord<TKey, TValueIn> record);

    /// <summary>Called once when the task closes; must not forward.</summary>
    void Close()
    {
    }
}
