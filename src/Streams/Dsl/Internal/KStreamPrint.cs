using System.Globalization;
using Streams.Processor;

namespace Streams.Dsl.Internal;

/// <summary>
/// Writes each record as <c>[label]: key, value</c> to a text writer, as Kafka Streams' <c>KStreamPrint</c> with
/// <c>Printed</c>'s default mapper (<c>String.format("%s, %s", key, value)</c>): a null key or value, a value-type
/// tombstone included, prints as <c>null</c>, and numbers print in the invariant culture (Java's <c>toString</c> does
/// not depend on the locale).
/// </summary>
internal sealed class KStreamPrint<TKey, TValue>(TextWriter writer, string label, Func<TKey, TValue, string>? mapper) : IProcessor<TKey, TValue, TKey, TValue>
{
    public void Process(Record<TKey, TValue> record) =>
        writer.WriteLine($"[{label}]: {(mapper is null ? Format(record) : mapper(record.Key, record.Value))}");

    private static string Format(Record<TKey, TValue> record) =>
        string.Concat(Text(record.Key), ", ", record.IsValueTypeTombstone ? "null" : Text(record.Value));

    private static string Text(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",   // Java's Boolean.toString
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
