namespace Streams.RocksDb.Native;

/// <summary>
/// Switches off RocksDB's perf context on the threads that call it. RocksDB counts into a thread-local perf context
/// by default (<c>PerfLevel::kEnableCount</c>, still the default in RocksDB 11.12): every key comparison of a memtable
/// insert or lookup bumps a counter through thread-local accesses. Nothing here reads those counters (the statistics
/// behind <see cref="RocksDbOptions"/>' metrics are a separate mechanism). With RocksDB 7.8 switching them off took
/// writing 80,000 records in 1,000-record batches from 1.2-1.3 to 0.75-0.94 us of CPU per record (docs/performance.md,
/// restore second pass); see docs/stores.md for the figure with the package's RocksDB 11.12. The level is per thread,
/// so every entry point calls <see cref="DisableOnThisThread"/>; after the first call on a thread it is one
/// thread-static read. The package has no managed wrapper for it: its C API binding (<c>rocksdb_set_perf_level</c>).
/// </summary>
internal static class PerfContext
{
    [ThreadStatic]
    private static bool t_disabled;

    /// <summary>Sets the calling thread's RocksDB perf level to <c>kDisable</c>, once per thread.</summary>
    public static void DisableOnThisThread()
    {
        if (!t_disabled)
        {
            RocksDbSharp.Native.Instance.rocksdb_set_perf_level(RocksDbSharp.PerfLevel.Disable);
            t_disabled = true;
        }
    }
}
