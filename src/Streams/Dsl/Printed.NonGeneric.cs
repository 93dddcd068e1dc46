using System.Diagnostics.CodeAnalysis;

namespace Streams.Dsl;

/// <summary>
/// Where <see cref="IKStream{TKey, TValue}.Print"/> writes, without the record types, as Kafka Streams'
/// <c>Printed.toSysOut()</c> and <c>Printed.toFile(...)</c>: <c>stream.Print(Printed.ToSysOut().WithLabel("orders"))</c>.
/// It converts to the <see cref="Printed{TKey, TValue}"/> the operator expects; a key-value mapper is typed: use
/// <see cref="Printed{TKey, TValue}.WithKeyValueMapper"/>.
/// </summary>
public sealed record Printed
{
    private Printed(TextWriter writer) => Writer = writer;

    /// <summary>The destination.</summary>
    public TextWriter Writer { get; }

    /// <summary>The label, or null for the processor name.</summary>
    public string? Label { get; private init; }

    /// <summary>Prints to standard output, as Kafka Streams' <c>Printed.toSysOut()</c>.</summary>
    /// <returns>The untyped parameters.</returns>
    public static Printed ToSysOut() => new(Console.Out);

    /// <summary>Prints to a writer.</summary>
    /// <param name="writer">The writer.</param>
    /// <returns>The untyped parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public static Printed ToWriter(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return new(writer);
    }

    /// <summary>A copy with a label, as Kafka Streams' <c>withLabel</c>.</summary>
    /// <param name="label">The label.</param>
    /// <returns>The copy.</returns>
    public Printed WithLabel(string label) => this with { Label = label };
}

/// <content>The conversion from the untyped <see cref="Printed"/>.</content>
public sealed partial record Printed<TKey, TValue>
{
    /// <summary>The typed parameters of untyped ones (<see cref="Printed.ToSysOut"/>...): same writer and label, no mapper.</summary>
    /// <param name="settings">The untyped parameters, or null.</param>
    /// <returns>The typed parameters, or null when <paramref name="settings"/> is.</returns>
    [return: NotNullIfNotNull(nameof(settings))]
    public static implicit operator Printed<TKey, TValue>?(Printed? settings) =>
        settings is null ? null : new Printed<TKey, TValue>(settings.Writer) { Label = settings.Label };
}
