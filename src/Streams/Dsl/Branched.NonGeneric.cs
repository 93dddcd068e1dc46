using System.Diagnostics.CodeAnalysis;

namespace Streams.Dsl;

/// <summary>
/// The name of a branch of a split, without its types, as Kafka Streams' <c>Branched.as(String)</c>:
/// <c>stream.Split().Branch((k, o) =&gt; o.Total &gt; 100, Branched.As("large"))</c>. It converts to the
/// <see cref="Branched{TKey, TValue}"/> the operator expects. A branch function or consumer is a lambda over the
/// branch stream, which has no type to infer from: use <see cref="Branched{TKey, TValue}.WithFunction"/> or
/// <see cref="Branched{TKey, TValue}.WithConsumer"/>.
/// </summary>
public sealed record Branched
{
    private Branched(string name) => Name = name;

    /// <summary>The branch name.</summary>
    public string Name { get; }

    /// <summary>Names a branch, as Kafka Streams' <c>Branched.as(String)</c>.</summary>
    /// <param name="name">The branch name (the branch map's key is the split name followed by it).</param>
    /// <returns>The untyped parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public static Branched As(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new(name);
    }
}

/// <content>The conversion from the untyped <see cref="Branched"/>.</content>
public sealed partial record Branched<TKey, TValue>
{
    /// <summary>The typed parameters of untyped ones (<see cref="Branched.As(string)"/>): same name, no function.</summary>
    /// <param name="settings">The untyped parameters, or null.</param>
    /// <returns>The typed parameters, or null when <paramref name="settings"/> is.</returns>
    [return: NotNullIfNotNull(nameof(settings))]
    public static implicit operator Branched<TKey, TValue>?(Branched? settings) => settings is null ? null : new() { Name = settings.Name };
}
