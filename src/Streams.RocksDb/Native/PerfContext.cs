namespace Streams.RocksDb.Native;

/// <summary>
/// Switches off RocksDB's perf context on the threads that call it. RocksDB counts into a thread-local perf context
/// by default (<c>PerfLevel::kEnableCount</c>): every key comparison of a memtable insert or lookup bumps a counter
/// through two thread-local accesses, which in a shared library are <c>__tls_get_addr</c> calls. Nothing here reads
/// those counters (the statistics behind <see cref="RocksDbOptions"/>' metrics are a separate mechanism), and
/// switching them off took writing 80,000 records in 1,000-record batches from 1.2-1.3 to 0.75-0.94 us of CPU
/// per record (write-ahead log on; docs/performance.md, restore second pass). The level is per thread, so every entry point calls <see cref="DisableOnThisThread"/>;
/// after the first call on a thread it is one thread-static read.
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
            NativeMethods.rocksdb_set_perf_level(NativeMethods.PerfLevelDisable);
            t_disabled = true;
        }
    }
}
