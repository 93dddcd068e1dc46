namespace Streams.State;

/// <summary>The order in which a multi-version read returns versions, as Kafka Streams' <c>ResultOrder</c> (KIP-968).</summary>
public enum ResultOrder
{
    /// <summary>Whatever order the store produces cheapest; the built-in stores return newest first (as Kafka Streams' RocksDB versioned store).</summary>
    Any,

    /// <summary>Oldest version first (ascending version timestamps).</summary>
    Ascending,

    /// <summary>Newest version first (descending version timestamps).</summary>
    Descending,
}
