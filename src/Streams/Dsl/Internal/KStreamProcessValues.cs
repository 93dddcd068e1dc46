using Streams.Processor;

namespace Streams.Dsl.Internal;

/// <summary>
/// Runs an <see cref="IFixedKeyProcessor{TKey, TValueIn, TValueOut}"/> as a processor, as Kafka Streams'
/// <c>KStream#processValues</c> (KIP-820): records reach it as <see cref="FixedKeyRecord{TKey, TValue}"/>s and can only
/// leave with the key they came with.
/// </summary>
internal sealed class KStreamProcessValues<TKey, TValueIn, TValueOut>(IFixedKeyProcessor<TKey, TValueIn, TValueOut> processor)
    : IProcessor<TKey, TValueIn, TKey, TValueOut>
{
    public void Init(IProcessorContext<TKey, TValueOut> context) => processor.Init(new FixedKeyContext(context));

    public void Process(Record<TKey, TValueIn> record) =>
        processor.Process(new FixedKeyRecord<TKey, TValueIn>(record.Key, record.Value, record.TimestampMs, record.Headers));

    public void Close() => processor.Close();

    private sealed class FixedKeyContext(IProcessorContext<TKey, TValueOut> inner) : IFixedKeyProcessorContext<TKey, TValueOut>
    {
        public string ApplicationId => inner.ApplicationId;

        public TaskId TaskId => inner.TaskId;

        public RecordMetadata? RecordMetadata => inner.RecordMetadata;

        public long CurrentStreamTimeMs => inner.CurrentStreamTimeMs;

        public long CurrentSystemTimeMs => inner.CurrentSystemTimeMs;

        public TStore GetStateStore<TStore>(string name)
            where TStore : class => inner.GetStateStore<TStore>(name);

        public IDisposable Schedule(TimeSpan interval, PunctuationType type, Action<long> punctuator) => inner.Schedule(interval, type, punctuator);

        public void Commit() => inner.Commit();

        public void Forward(FixedKeyRecord<TKey, TValueOut> record) => inner.Forward(ToRecord(record));

        public void Forward(FixedKeyRecord<TKey, TValueOut> record, string childName) => inner.Forward(ToRecord(record), childName);

        private static Record<TKey, TValueOut> ToRecord(FixedKeyRecord<TKey, TValueOut> record) => new(record.Key, record.Value, record.TimestampMs, record.Headers);
    }
}
