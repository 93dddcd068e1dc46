namespace Streams;

/// <summary>How a <see cref="Dsl.StreamsBuilder"/> generates names of state stores and internal topics the program does not name.</summary>
public enum NamingStrategy
{
    /// <summary>
    /// Kafka Streams' shape with the global counter replaced by a 10-hex-digit digest of the operator's upstream lineage:
    /// the source topics, the kinds of the operators from the source (or the last repartition topic) down to the
    /// operator, and its ordinal among same-kind operators on the same parent, e.g.
    /// <c>KSTREAM-AGGREGATE-STATE-STORE-3f9c0a1b7e</c>. Adding operators elsewhere (another branch, another source,
    /// downstream, or a later sibling of another kind) keeps existing names; inserting or removing an operator upstream
    /// in the same chain renames what is below it.
    /// </summary>
    Stable,

    /// <summary>
    /// Kafka Streams' names: one counter numbers every processor and generated store in creation order
    /// (<c>KSTREAM-AGGREGATE-STATE-STORE-0000000003</c>, <c>{topic}-STATE-STORE-0000000001</c>,
    /// <c>KSTREAM-REPARTITION-0000000005</c>); any operator added earlier in the program renames later stores and topics.
    /// </summary>
    KafkaCompatible,
}
