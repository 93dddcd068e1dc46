namespace Streams;

/// <summary>
/// Settings that shape how a <see cref="Dsl.StreamsBuilder"/> turns the DSL into a <see cref="Topology"/>, as Kafka
/// Streams' <c>TopologyConfig</c> (the topology-level part of <c>StreamsConfig</c> passed to
/// <c>StreamsBuilder(TopologyConfig)</c> / <c>build(Properties)</c>): how generated store and internal topic names
/// are formed, whether generated names are refused, and which optimizations rewrite the topology.
/// <c>new StreamsBuilder()</c> uses the defaults documented on each property.
/// </summary>
public sealed class TopologyOptions
{
    /// <summary>
    /// How names are generated for state stores and internal topics the program does not name.
    /// Default <see cref="Streams.NamingStrategy.Stable"/>: names depend only on the operator's upstream lineage, so
    /// adding unrelated operators does not rename stores, changelog or repartition topics. Use
    /// <see cref="Streams.NamingStrategy.KafkaCompatible"/> to get Kafka Streams' counter-based names
    /// (<c>KSTREAM-AGGREGATE-STATE-STORE-0000000003</c>), for example to take over the state of an application
    /// that already runs with those names. Processor names are Kafka Streams' counter names in both strategies.
    /// </summary>
    public NamingStrategy NamingStrategy { get; set; } = NamingStrategy.Stable;

    /// <summary>
    /// When <see langword="true"/>, <see cref="Dsl.StreamsBuilder.Build"/> throws a <see cref="TopologyException"/>
    /// listing every state store, changelog topic and repartition topic whose name was generated, with how to name
    /// each, as Kafka Streams' <c>ensure.explicit.internal.resource.naming</c> (KIP-1111). Default
    /// <see langword="false"/>, as Kafka Streams.
    /// </summary>
    public bool EnsureExplicitInternalResourceNaming { get; set; }

    /// <summary>
    /// Which rewrites <see cref="Dsl.StreamsBuilder.Build"/> applies, as Kafka Streams' <c>topology.optimization</c>.
    /// Default <see cref="TopologyOptimization.None"/>, as Kafka Streams. Turning an optimization on or off for an
    /// application that already ran changes its internal topics: reset the application or migrate its state first.
    /// </summary>
    public TopologyOptimization Optimization { get; set; } = TopologyOptimization.None;

    internal void Validate()
    {
        if (!Enum.IsDefined(NamingStrategy))
        {
            throw new ArgumentOutOfRangeException(nameof(NamingStrategy), NamingStrategy, "Unknown naming strategy.");
        }

        if ((Optimization & ~TopologyOptimization.All) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Optimization), Optimization, "Unknown optimization flags.");
        }
    }
}
