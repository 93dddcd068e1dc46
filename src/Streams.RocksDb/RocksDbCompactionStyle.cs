namespace Streams.RocksDb;

/// <summary>How RocksDB merges a store's SST files in the background (RocksDB's <c>CompactionStyle</c>).</summary>
public enum RocksDbCompactionStyle
{
    /// <summary>
    /// Leveled compaction with <c>level_compaction_dynamic_level_bytes</c> on: each level about ten times the
    /// previous one, sized from the last level down. The lowest space amplification (about 1.1x), which also
    /// bounds how long deleted and expired keys linger on disk. RocksDB's recommended setting, and this library's default.
    /// </summary>
    Level = 0,

    /// <summary>
    /// Universal (tiered) compaction: less write amplification, up to about twice the space while a full
    /// compaction runs. Kafka Streams' default for its RocksDB stores (<c>CompactionStyle.UNIVERSAL</c>).
    /// </summary>
    Universal = 1,
}
