namespace Streams.RocksDb;

/// <summary>
/// The RocksDB store metrics, published through System.Diagnostics.Metrics on the meter named
/// <see cref="MeterName"/> (subscribe with <c>MeterListener</c>, <c>dotnet-counters monitor --counters Streams.RocksDb</c>,
/// or OpenTelemetry's <c>AddMeter("Streams.RocksDb")</c>). Every instrument is observable: nothing is recorded
/// on the hot path; each collection reads RocksDB's properties of every open store at that moment. Each
/// measurement carries the tags <c>store</c> (store name) and <c>task</c> (task id, <c>-1_-1</c> for global stores),
/// the names Kafka Streams' RocksDB metrics are grouped by.
/// </summary>
/// <remarks>
/// <para>Instruments (all per store; bytes are unit <c>By</c>):</para>
/// <list type="bullet">
/// <item><c>streams.rocksdb.block_cache.usage</c> (gauge, By): RocksDB property <c>rocksdb.block-cache-usage</c>.
/// The cache is shared by all stores of one <see cref="RocksDbOptions"/>, so every one of them reports the same
/// value: take the maximum across stores, not the sum. It includes the memtables of all those stores, which the
/// write buffer manager reserves in the cache (in 256 KiB entries): it is the budget's whole use, blocks and memtables.</item>
/// <item><c>streams.rocksdb.block_cache.pinned_usage</c> (gauge, By): <c>rocksdb.block-cache-pinned-usage</c>, shared likewise.</item>
/// <item><c>streams.rocksdb.block_cache.capacity</c> (gauge, By): <c>rocksdb.block-cache-capacity</c>, shared likewise:
/// <see cref="RocksDbOptions.MemoryBudgetBytes"/>.</item>
/// <item><c>streams.rocksdb.memtable.size</c> (gauge, By): <c>rocksdb.cur-size-all-mem-tables</c> (Kafka Streams'
/// <c>cur-size-all-mem-tables</c>), the store's active and unflushed memtables (sum across stores for the budget's
/// memtable total).</item>
/// <item><c>streams.rocksdb.memtable.total_size</c> (gauge, By): <c>rocksdb.size-all-mem-tables</c> (Kafka Streams'
/// <c>size-all-mem-tables</c>): the active, unflushed and pinned (still read by an iterator) memtables.</item>
/// <item><c>streams.rocksdb.table_readers.size</c> (gauge, By): <c>rocksdb.estimate-table-readers-mem</c>, table-reader
/// memory outside the block cache.</item>
/// <item><c>streams.rocksdb.compaction.pending</c> (gauge, By): <c>rocksdb.estimate-pending-compaction-bytes</c>
/// (Kafka Streams' <c>estimate-pending-compaction-bytes</c>).</item>
/// <item><c>streams.rocksdb.sst_files.size</c> (gauge, By): <c>rocksdb.total-sst-files-size</c> (Kafka Streams'
/// <c>total-sst-files-size</c>), the store's data on disk, files of obsolete versions included.</item>
/// <item><c>streams.rocksdb.live_sst_files.size</c> (gauge, By): <c>rocksdb.live-sst-files-size</c> (Kafka Streams'
/// <c>live-sst-files-size</c>), the SST files of the current version only.</item>
/// <item><c>streams.rocksdb.live_data.size</c> (gauge, By): <c>rocksdb.estimate-live-data-size</c>, RocksDB's estimate
/// of the live data (what the store would take on disk fully compacted); no Kafka Streams counterpart.</item>
/// <item><c>streams.rocksdb.keys.estimated</c> (gauge, {key}): <c>rocksdb.estimate-num-keys</c> (Kafka Streams'
/// <c>estimate-num-keys</c>).</item>
/// <item><c>streams.rocksdb.block_cache.hits</c>, <c>streams.rocksdb.block_cache.misses</c> (observable counters,
/// {lookup}) and <c>streams.rocksdb.block_cache.hit_ratio</c> (gauge, 1, hits / (hits + misses) since the store opened):
/// RocksDB tickers <c>rocksdb.block.cache.hit</c> and <c>.miss</c>, only for stores opened with
/// <see cref="RocksDbStoreSettings.EnableStatistics"/>.</item>
/// <item><c>streams.rocksdb.block_cache.data.hit_ratio</c>, <c>.index.hit_ratio</c>, <c>.filter.hit_ratio</c> (gauges, 1):
/// the same ratio for data, index and filter blocks (tickers <c>rocksdb.block.cache.data.hit</c>/<c>.miss</c>, ...), as
/// Kafka Streams' <c>block-cache-data-hit-ratio</c>, <c>block-cache-index-hit-ratio</c> and
/// <c>block-cache-filter-hit-ratio</c> (KIP-471), again only with statistics enabled. Unlike Kafka Streams, which
/// computes them per recording interval, these ratios are since the store opened: take the ratio of the increase of
/// the hit and miss counters for a recent window.</item>
/// </list>
/// </remarks>
public static class RocksDbMetrics
{
    /// <summary>The meter name, <c>"Streams.RocksDb"</c>.</summary>
    public const string MeterName = "Streams.RocksDb";
}
