using Streams.Processor;

namespace Streams.Dsl.Internal;

/// <summary>Writes each record as <c>[label]: key, value</c> to a text writer, as Kafka Streams' <c>KStreamPrint</c>.</summary>
internal sealed class KStreamPrint<TKey, TValue>(TextWriter writer, string label, Func<TKey, TValue, string>? mapper) : IProcessor<TKey, TValue, TKey, TValue>
{
    public void Process(Record<TKey, TValue> record) =>
        writer.WriteLine($"[{label}]: {(mapper is null ? $"{record.Key}, {record.Value}" : mapper(record.Key, record.Value))}");
}
