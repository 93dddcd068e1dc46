namespace Streams.State;

/// <summary>Supplies fresh versioned bytes stores (one per task), as Kafka Streams' <c>VersionedBytesStoreSupplier</c>.</summary>
public interface IVersionedBytesStoreSupplier
{
    /// <summary>The store name, unique within the topology; also names the changelog topic.</summary>
    string Name { get; }

    /// <summary>The history retention in milliseconds.</summary>
    long HistoryRetentionMs { get; }

    /// <summary>Creates a new, uninitialized store instance.</summary>
    /// <returns>The store.</returns>
    IVersionedBytesStore Get();
}
