namespace Streams.Processor;

/// <summary>What the processor sees of its task, as Kafka Streams' <c>ProcessingContext</c>.</summary>
public interface IProcessorContext
{
    /// <summary>The application id.</summary>
    string ApplicationId { get; }

    /// <summary>The task this processor instance belongs to.</summary>
    TaskId TaskId { get; }

    /// <summary>Source topic, partition and offset of the record being processed; null while punctuating.</summary>
    RecordMetadata? RecordMetadata { get; }

    /// <summary>The task's stream time: the largest record timestamp processed so far, epoch ms (-1 before the first record, as Kafka Streams).</summary>
    long CurrentStreamTimeMs { get; }

    /// <summary>The runtime's wall-clock time, epoch ms, from its <see cref="TimeProvider"/>.</summary>
    long CurrentSystemTimeMs { get; }

    /// <summary>Returns a state store connected to this processor.</summary>
    /// <typeparam name="TStore">The store interface, e.g. <c>IKeyValueStore&lt;string, long&gt;</c>.</typeparam>
    /// <param name="name">The store name.</param>
    /// <returns>The store.</returns>
    /// <exception cref="InvalidOperationException">No such store is connected to this processor, or it has another type.</exception>
    TStore GetStateStore<TStore>(string name)
        where TStore : class;

    /// <summary>Schedules a periodic punctuation, as Kafka Streams' <c>schedule</c>.</summary>
    /// <param name="interval">The interval; at least one millisecond.</param>
    /// <param name="type">Stream time or wall-clock time.</param>
    /// <param name="punctuator">Called with the current time (stream or wall-clock, epoch ms).</param>
    /// <returns>A handle that cancels the schedule when disposed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The interval is shorter than 1 ms.</exception>
    IDisposable Schedule(TimeSpan interval, PunctuationType type, Action<long> punctuator);

    /// <summary>Asks the runtime to commit the task soon (after the current record).</summary>
    void Commit();
}

/// <summary>A processor context that can forward records downstream.</summary>
/// <typeparam name="TKeyOut">Forwarded key type.</typeparam>
/// <typeparam name="TValueOut">Forwarded value type.</typeparam>
public interface IProcessorContext<TKeyOut, TValueOut> : IProcessorContext
{
    /// <summary>Forwards a record to every child processor.</summary>
    /// <param name="record">The record.</param>
    void Forward(Record<TKeyOut, TValueOut> record);

    /// <summary>Forwards a record to the named child only.</summary>
    /// <param name="record">The record.</param>
    /// <param name="childName">The child processor's name.</param>
    /// <exception cref="InvalidOperationException">No child has that name.</exception>
    void Forward(Record<TKeyOut, TValueOut> record, string childName);
}
