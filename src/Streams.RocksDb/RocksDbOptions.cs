using Streams.RocksDb.Internal;

namespace Streams.RocksDb;

/// <summary>
/// Memory, read and recovery settings of RocksDB stores, the counterpart of what Kafka Streams' bounded-memory
/// <c>RocksDBConfigSetter</c> sets up. <b>Every store opened with the same instance shares one memory budget</b>,
/// <see cref="MemoryBudgetBytes"/>: one LRU cache of that capacity holding the data, index and filter blocks of every
/// store, to which RocksDB's write buffer manager charges the memtables of every store too. So one number bounds the
/// block cache and the memtables of all stores together. Use one instance per application instance, so that the
/// application's RocksDB memory is one number; <see cref="RocksDbDslStoreSuppliers.Instance"/> and the
/// <see cref="RocksDbStores"/> overloads without options share one process-wide default instance. Immutable once built.
/// </summary>
/// <remarks>
/// <para>
/// This is RocksDB's recipe for one budget (and Kafka Streams' <c>BoundedMemoryRocksDBConfig</c>): a block cache of the
/// whole budget and a <c>WriteBufferManager</c> that charges memtables to it, from the RocksDB NuGet package's C API
/// (<c>rocksdb_write_buffer_manager_create_with_cache</c>, RocksDB 11.12). The manager's buffer size is
/// <see cref="WriteBufferBudgetBytes"/>: when the memtables of all stores together reach it, RocksDB flushes the largest
/// one, however many stores are open; meanwhile the memtables hold cache reservations (256 KiB dummy entries), so blocks
/// are evicted to make room for them and blocks + memtables stay within <see cref="MemoryBudgetBytes"/>.
/// <see cref="BlockCacheSizeBytes"/> is what is left to blocks when memtables use their whole allowance. In addition each
/// store has at most 2 memtables (<c>max_write_buffer_number</c> = 2) of <c>write_buffer_size</c> = the largest power of
/// two not above <c>WriteBufferBudgetBytes / (2 x open stores)</c>, at least 64 KiB; when stores open or close, the
/// others are resized with RocksDB's <c>SetOptions</c> (effective from their next memtable).
/// </para>
/// <para>
/// Outside the budget: iterators pinning blocks, compaction and flush buffers, table-reader objects (bounded by
/// <see cref="RocksDbStoreSettings.MaxOpenFiles"/>), and the C allocator's own overhead. The cache does not
/// refuse inserts when full (no strict capacity), so pinned blocks and memtable reservations may take it slightly
/// over its capacity (the manager does not stall writes: it flushes).
/// </para>
/// <para>
/// No prefix extractor is set. Window store keys are <c>record key || 8-byte window start</c> with record keys of
/// any length, so no fixed-length prefix selects one record key's windows, and a "all but the last 8 bytes"
/// transform would be a managed callback run by RocksDB's flush and compaction threads for every key. Range
/// scans are bounded by <c>iterate_upper_bound</c> instead (they stop at the end of the range without reading
/// past it), and point reads use the whole-key bloom filter.
/// </para>
/// </remarks>
public sealed class RocksDbOptions
{
    private readonly long _memoryBudgetBytes = 64L * 1024 * 1024;
    private readonly double _writeBufferRatio = 0.25;
    private readonly int _bloomFilterBitsPerKey = 10;
    private readonly Lazy<MemoryBudget> _budget;

    /// <summary>Creates options with the documented defaults.</summary>
    public RocksDbOptions() =>
        _budget = new Lazy<MemoryBudget>(() => new MemoryBudget(MemoryBudgetBytes, WriteBufferBudgetBytes), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The native memory that all stores opened with these options may use together for RocksDB's block cache and
    /// memtables, in bytes: the capacity of the one shared cache, to which the write buffer manager charges every
    /// store's memtables. See the remarks of <see cref="RocksDbOptions"/> for how it is shared and what it leaves out.
    /// </summary>
    /// <value>Default 64 MiB (67,108,864 bytes).</value>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1 MiB.</exception>
    public long MemoryBudgetBytes
    {
        get => _memoryBudgetBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1024L * 1024);
            _memoryBudgetBytes = value;
        }
    }

    /// <summary>
    /// The share of <see cref="MemoryBudgetBytes"/> that memtables (write buffers) may take at most; blocks use the rest,
    /// and the memtables' share too while memtables do not need it. Larger favours write throughput (fewer, larger
    /// flushes), smaller favours reads that miss the record cache.
    /// </summary>
    /// <value>Default 0.25. Strictly between 0 and 1.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set to 0 or less, 1 or more, or NaN.</exception>
    public double WriteBufferRatio
    {
        get => _writeBufferRatio;
        init
        {
            if (!(value > 0 && value < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "WriteBufferRatio must be strictly between 0 and 1.");
            }

            _writeBufferRatio = value;
        }
    }

    /// <summary>
    /// The part of the shared cache left to blocks when the memtables use their whole allowance, in bytes:
    /// <see cref="MemoryBudgetBytes"/> minus <see cref="WriteBufferBudgetBytes"/>. (The cache's capacity is
    /// <see cref="MemoryBudgetBytes"/>: blocks may use the memtables' share while memtables do not.) Blocks are
    /// uncompressed data blocks and, since index and filter blocks are cached too (<c>cache_index_and_filter_blocks</c>,
    /// with high priority, level-0 ones pinned), the indexes and bloom filters of every SST file.
    /// </summary>
    /// <value>Derived; 48 MiB with the defaults.</value>
    public long BlockCacheSizeBytes => MemoryBudgetBytes - WriteBufferBudgetBytes;

    /// <summary>
    /// The memtable allowance of all open stores together, in bytes: <see cref="MemoryBudgetBytes"/> times
    /// <see cref="WriteBufferRatio"/>, rounded down to a whole byte. It is the buffer size of the write buffer manager
    /// shared by the stores (RocksDB flushes the largest memtable when all of them together reach it) and is charged to
    /// the shared cache, inside <see cref="MemoryBudgetBytes"/>.
    /// </summary>
    /// <value>Derived; 16 MiB with the defaults.</value>
    public long WriteBufferBudgetBytes => (long)(MemoryBudgetBytes * WriteBufferRatio);

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

    /// <summary>
    /// Called with the store name and a fresh <see cref="RocksDbStoreSettings"/> (holding the defaults) each time a
    /// store opens, before RocksDB opens it, to tune that store: compression, compaction style, open files,
    /// statistics, or any other RocksDB option by name. As Kafka Streams' <c>rocksdb.config.setter</c>
    /// (<c>RocksDBConfigSetter.setConfig(storeName, options, configs)</c>), minus the shared memory settings,
    /// which stay under <see cref="MemoryBudgetBytes"/>. Runs on the thread that opens the store (a stream thread,
    /// or the global thread); must be thread-safe when several threads open stores. An exception it throws fails
    /// the open with a <see cref="Streams.State.StateStoreException"/>.
    /// </summary>
    /// <value>Default null: every store keeps the defaults of <see cref="RocksDbStoreSettings"/>.</value>
    public Action<string, RocksDbStoreSettings>? ConfigureStore { get; init; }

    /// <summary>What a store does when RocksDB finds its directory corrupt at open.</summary>
    /// <value>Default <see cref="RocksDbCorruptionHandling.Fail"/>: keep the files and fail with a message that names the directory and the remedy.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not a defined <see cref="RocksDbCorruptionHandling"/>.</exception>
    public RocksDbCorruptionHandling OnCorruption
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Not a RocksDbCorruptionHandling value.");
            }

            field = value;
        }
    }

    /// <summary>The options used where none are given; their budget is shared process-wide.</summary>
    internal static RocksDbOptions Default { get; } = new();

    /// <summary>The shared budget (cache, write buffer manager and write buffer sizing), created on first use by the first store that opens.</summary>
    internal MemoryBudget Budget => _budget.Value;
}
