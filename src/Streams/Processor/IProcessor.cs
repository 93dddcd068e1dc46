namespace Streams.Processor;

/// <summary>
/// A record processor of the Processor API, as Kafka Streams' <c>api.Processor</c>. One instance is
/// created per task; the runtime calls <see cref="Init"/> once, then <see cref="Process"/> for every
/// record of the task, one at a time on one thread, and <see cref="Close"/> when the task closes.
/// </summary>
/// <typeparam name="TKeyIn">Input key type.</typeparam>
/// <typeparam name="TValueIn">Input value type.</typeparam>
/// <typeparam name="TKeyOut">Forwarded key type.</typeparam>
/// <typeparam name="TValueOut">Forwarded value type.</typeparam>
public interface IProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>
{
    /// <summary>Called once before the first record; keep the context to forward, read stores and schedule.</summary>
    /// <param name="context">The processor's context, valid until <see cref="Close"/>.</param>
    void Init(IProcessorContext<TKeyOut, TValueOut> context)
    {
    }

    /// <summary>Processes one record. Exceptions stop the task (see the runtime's error handling).</summary>
    /// <param name="record">The record.</param>
    void Process(Record<TKeyIn, TValueIn> record);

    /// <summary>Called once when the task closes; must not forward.</summary>
    void Close()
    {
    }
}
