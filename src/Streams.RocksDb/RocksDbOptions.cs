using Streams.RocksDb.Native;

namespace Streams.RocksDb;

/// <summary>
/// Memory and read settings of RocksDB stores, a minimal counterpart of what Kafka Streams'
/// <c>RocksDBConfigSetter</c> configures. Every store opened with the same instance shares one LRU
/// block cache of <see cref="BlockCacheSizeBytes"/>, so the block-cache memory of all those stores is
/// bounded by that one budget (as Kafka Streams' "bounded memory" <c>RocksDBConfigSetter</c> example).
/// Memtables (RocksDB's default 64 MiB write buffer, up to 2 per store) are not part of that budget.
/// Immutable once built.
/// </summary>
public sealed class RocksDbOptions
{
    private readonly long _blockCacheSizeBytes = 16L * 1024 * 1024;
    private readonly int _bloomFilterBitsPerKey = 10;
    private readonly Lazy<CacheHandle> _blockCache;

    /// <summary>Creates options with the documented defaults.</summary>
    public RocksDbOptions() =>
        _blockCache = new Lazy<CacheHandle>(() => NativeMethods.rocksdb_cache_create_lru((nuint)BlockCacheSizeBytes), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The capacity of the LRU block cache (uncompressed data, index and filter blocks) shared by every
    /// store opened with these options, in bytes.
    /// </summary>
    /// <value>Default 16 MiB (16,777,216 bytes).</value>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or a negative value.</exception>
    public long BlockCacheSizeBytes
    {
        get => _blockCacheSizeBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _blockCacheSizeBytes = value;
        }
    }

    /// <summary>
    /// The bits per key of the full bloom filter built into each SST file, which lets point reads of absent
    /// keys skip files; about 1% false positives at 10. Zero disables the filter.
    /// </summary>
    /// <value>Default 10 (Kafka Streams' default bloom filter).</value>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value or more than 64.</exception>
    public int BloomFilterBitsPerKey
    {
        get => _bloomFilterBitsPerKey;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 64);
            _bloomFilterBitsPerKey = value;
        }
    }

    /// <summary>The options used where none are given; their block cache is shared process-wide.</summary>
    internal static RocksDbOptions Default { get; } = new();

    /// <summary>The shared block cache, created on first use by the first store that opens.</summary>
    internal CacheHandle BlockCache => _blockCache.Value;
}
