using Streams.Processor;

namespace Streams.Dsl;

/// <summary>
/// Name and partitioners of a foreign-key table-table join, as Kafka Streams' <c>TableJoined</c>. The name, when
/// given, names every processor, store and internal topic the join creates (<c>{name}-subscription-registration-topic</c>,
/// <c>{name}-subscription-response-topic</c>, <c>{name}-subscription-store</c>, ...). The partitioners are needed only
/// when a table's source topic is written with a custom partitioner: the join must send subscriptions to, and
/// responses back to, the partition that holds the row.
/// </summary>
/// <typeparam name="TKey">The left (primary) table's key type.</typeparam>
/// <typeparam name="TForeignKey">The right (foreign-key) table's key type.</typeparam>
public sealed partial record TableJoined<TKey, TForeignKey>
{
    /// <summary>
    /// How the left table's topic is partitioned (called with a null value), or null (the default) for the producer's
    /// default partitioning; used for the response topic. When null, responses go back to the partition of the left
    /// row that subscribed.
    /// </summary>
    public StreamPartitioner<TKey, object?>? Partitioner { get; init; }

    /// <summary>
    /// How the right table's topic is partitioned (called with a null value), or null (the default) for the producer's
    /// default partitioning; used for the subscription topic.
    /// </summary>
    public StreamPartitioner<TForeignKey, object?>? OtherPartitioner { get; init; }

    /// <summary>The name prefix of the join's processors, store and topics, or null (the default) to generate names.</summary>
    public string? Name { get; init; }

    /// <summary>Joins with the given partitioners, as Kafka Streams' <c>TableJoined.with</c>.</summary>
    /// <param name="partitioner">The left table's partitioner, or null for the default.</param>
    /// <param name="otherPartitioner">The right table's partitioner, or null for the default.</param>
    /// <returns>The parameters.</returns>
    public static TableJoined<TKey, TForeignKey> With(StreamPartitioner<TKey, object?>? partitioner, StreamPartitioner<TForeignKey, object?>? otherPartitioner) =>
        new() { Partitioner = partitioner, OtherPartitioner = otherPartitioner };

    /// <summary>Names the join, as Kafka Streams' <c>TableJoined.as</c>.</summary>
    /// <param name="name">The name; letters, digits, '.', '_' and '-' only (it names topics).</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentException">The name is empty, too long or has other characters.</exception>
    public static TableJoined<TKey, TForeignKey> As(string name)
    {
        Named.Validate(name);
        return new() { Name = name };
    }

    /// <summary>A copy with a name.</summary>
    /// <param name="name">The name; letters, digits, '.', '_' and '-' only.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">The name is empty, too long or has other characters.</exception>
    public TableJoined<TKey, TForeignKey> WithName(string name)
    {
        Named.Validate(name);
        return this with { Name = name };
    }

    /// <summary>A copy with the left table's partitioner.</summary>
    /// <param name="partitioner">The partitioner, or null for the default.</param>
    /// <returns>The copy.</returns>
    public TableJoined<TKey, TForeignKey> WithPartitioner(StreamPartitioner<TKey, object?>? partitioner) => this with { Partitioner = partitioner };

    /// <summary>A copy with the right table's partitioner.</summary>
    /// <param name="otherPartitioner">The partitioner, or null for the default.</param>
    /// <returns>The copy.</returns>
    public TableJoined<TKey, TForeignKey> WithOtherPartitioner(StreamPartitioner<TForeignKey, object?>? otherPartitioner) => this with { OtherPartitioner = otherPartitioner };
}
