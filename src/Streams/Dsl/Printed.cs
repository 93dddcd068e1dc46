namespace Streams.Dsl;

/// <summary>
/// Where and how <see cref="IKStream{TKey, TValue}.Print"/> writes records, as Kafka Streams' <c>Printed</c>:
/// one line <c>[label]: key, value</c> per record (or the mapper's text after the label).
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed partial record Printed<TKey, TValue>
{
    private Printed(TextWriter writer) => Writer = writer;

    /// <summary>The destination.</summary>
    public TextWriter Writer { get; }

    /// <summary>The label, or null for the processor name.</summary>
    public string? Label { get; init; }

    /// <summary>Formats a record; null prints <c>key, value</c>.</summary>
    public Func<TKey, TValue, string>? Mapper { get; init; }

    /// <summary>Prints to standard output, as Kafka Streams' <c>toSysOut</c>.</summary>
    /// <returns>The parameters.</returns>
    public static Printed<TKey, TValue> ToSysOut() => new(Console.Out);

    /// <summary>Prints to a text writer (a file, a test's <see cref="StringWriter"/>).</summary>
    /// <param name="writer">The destination; not disposed by the topology.</param>
    /// <returns>The parameters.</returns>
    public static Printed<TKey, TValue> ToWriter(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return new(writer);
    }

    /// <summary>A copy with a label.</summary>
    /// <param name="label">The label printed in brackets.</param>
    /// <returns>The copy.</returns>
    public Printed<TKey, TValue> WithLabel(string label) => this with { Label = label };

    /// <summary>A copy with a formatter.</summary>
    /// <param name="mapper">Formats key and value.</param>
    /// <returns>The copy.</returns>
    public Printed<TKey, TValue> WithKeyValueMapper(Func<TKey, TValue, string> mapper) => this with { Mapper = mapper };
}
