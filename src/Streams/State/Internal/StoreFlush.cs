namespace Streams.State.Internal;

/// <summary>
/// Whether a store flush on this thread must make the store's writes durable (fsync a persistent store's write-ahead
/// log). A flush always writes what the caching layers hold through to the inner stores, their changelogs and the
/// flush listeners (so a commit's effects are visible downstream and in the stores); only the fsync is optional.
/// The <c>TopologyTestDriver</c> commits after every record, as Kafka's driver does, and flushes inside
/// <see cref="WithoutSync"/>: one fsync per store per record is what made the driver slow with RocksDB stores. A store
/// that skipped a sync makes its writes durable when it closes.
/// </summary>
internal static class StoreFlush
{
    [ThreadStatic]
    private static int t_withoutSync;

    /// <summary>True unless the current thread is inside a <see cref="WithoutSync"/> scope.</summary>
    public static bool SyncRequired => t_withoutSync == 0;

    /// <summary>Flushes on this thread skip the fsync until the returned scope is disposed; scopes nest.</summary>
    /// <returns>The scope; dispose it on the same thread.</returns>
    public static Scope WithoutSync()
    {
        t_withoutSync++;
        return default;
    }

    /// <summary>Ends a <see cref="WithoutSync"/> scope.</summary>
    internal readonly struct Scope : IDisposable
    {
        public void Dispose() => t_withoutSync--;
    }
}
