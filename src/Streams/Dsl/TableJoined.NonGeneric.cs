using System.Diagnostics.CodeAnalysis;
using Streams.Processor;

namespace Streams.Dsl;

/// <summary>
/// Name and partitioners of a foreign-key join, without their types: the factories of
/// <see cref="TableJoined{TKey, TForeignKey}"/> that C# can call without type arguments, as Kafka Streams'
/// <c>TableJoined.as(...)</c> and <c>TableJoined.with(...)</c>: <c>orders.Join(customers, o =&gt; o.CustomerId, Enrich, TableJoined.As("orders-customers"))</c>.
/// <see cref="As(string)"/> converts to the <see cref="TableJoined{TKey, TForeignKey}"/> the operator expects.
/// </summary>
public sealed record TableJoined
{
    private TableJoined(string name) => Name = name;

    /// <summary>The join's name.</summary>
    public string Name { get; }

    /// <summary>
    /// Joins with the partitioners of the tables' source topics, the types inferred from them, as Kafka Streams'
    /// <c>TableJoined.with(StreamPartitioner, StreamPartitioner)</c>. A lambda has no type to infer from: pass typed
    /// delegates, or use <see cref="TableJoined{TKey, TForeignKey}.With"/>.
    /// </summary>
    /// <typeparam name="TKey">The left table's key type.</typeparam>
    /// <typeparam name="TForeignKey">The right table's key type.</typeparam>
    /// <param name="partitioner">The left table's partitioner, or null for the default.</param>
    /// <param name="otherPartitioner">The right table's partitioner, or null for the default.</param>
    /// <returns>The parameters.</returns>
    public static TableJoined<TKey, TForeignKey> With<TKey, TForeignKey>(
        StreamPartitioner<TKey, object?>? partitioner, StreamPartitioner<TForeignKey, object?>? otherPartitioner) =>
        TableJoined<TKey, TForeignKey>.With(partitioner, otherPartitioner);

    /// <summary>Names every processor, store and internal topic of the join, as Kafka Streams' <c>TableJoined.as(String)</c>.</summary>
    /// <param name="name">The name; letters, digits, '.', '_' and '-' only.</param>
    /// <returns>The untyped parameters.</returns>
    /// <exception cref="ArgumentException">The name is empty or illegal.</exception>
    public static TableJoined As(string name)
    {
        Named.Validate(name);
        return new(name);
    }
}

/// <content>The conversion from the untyped <see cref="TableJoined"/>.</content>
public sealed partial record TableJoined<TKey, TForeignKey>
{
    /// <summary>The typed parameters of untyped ones (<see cref="TableJoined.As(string)"/>): same name, default partitioners.</summary>
    /// <param name="settings">The untyped parameters, or null.</param>
    /// <returns>The typed parameters, or null when <paramref name="settings"/> is.</returns>
    [return: NotNullIfNotNull(nameof(settings))]
    public static implicit operator TableJoined<TKey, TForeignKey>?(TableJoined? settings) => settings is null ? null : new() { Name = settings.Name };
}
