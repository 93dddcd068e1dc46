using System.Runtime.InteropServices;

namespace Streams.RocksDb.Native;

/// <content>RocksDB's per-thread performance context switch.</content>
internal static partial class NativeMethods
{
    /// <summary>RocksDB's <c>PerfLevel::kDisable</c>: no per-operation counters or timers in the thread's perf context.</summary>
    internal const int PerfLevelDisable = 1;

    /// <summary>Sets the calling thread's perf context level (RocksDB's <c>SetPerfLevel</c>, a thread-local setting).</summary>
    [LibraryImport(Lib)]
    internal static partial void rocksdb_set_perf_level(int level);
}
