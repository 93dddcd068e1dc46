namespace Streams.RocksDb;

/// <summary>
/// How RocksDB compresses the blocks of a store's SST files (RocksDB's <c>CompressionType</c>; all four are
/// built into the RocksDB package's native library, RocksDB 11.12). The block cache holds uncompressed blocks, so compression saves
/// disk and page cache, not block-cache memory, at some CPU cost per block read or written.
/// </summary>
public enum RocksDbCompression
{
    /// <summary>No compression: Kafka Streams' default for its RocksDB stores (<c>CompressionType.NO_COMPRESSION</c>), and this library's.</summary>
    None = 0,

    /// <summary>Snappy (<c>kSnappyCompression</c>), RocksDB's own default when built with it.</summary>
    Snappy = 1,

    /// <summary>LZ4 (<c>kLZ4Compression</c>): fast, about Snappy's ratio.</summary>
    Lz4 = 4,

    /// <summary>Zstandard (<c>kZSTD</c>): the best ratio, the most CPU.</summary>
    Zstd = 7,
}
