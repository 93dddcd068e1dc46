namespace Streams.Runtime.Internal;

/// <summary>
/// How a Kafka Streams client sizes its stream threads: the index a new thread takes and each thread's share of the
/// record cache, as Kafka Streams' <c>KafkaStreams.getNextThreadIndex</c> and <c>getCacheSizePerThread</c>.
/// </summary>
internal static class StreamThreadSizing
{
    /// <summary>The name of stream thread <paramref name="index"/>: <c>{applicationId}-StreamThread-{index}</c>.</summary>
    public static string Name(string applicationId, int index) => $"{applicationId}-StreamThread-{index}";

    /// <summary>
    /// The lowest index from 1 up that no live thread uses: a removed (or replaced) thread's index is reused once that
    /// thread has stopped, and a thread still shutting down keeps its index.
    /// </summary>
    /// <param name="live">The indexes of the threads not yet stopped.</param>
    public static int NextIndex(IEnumerable<int> live)
    {
        var used = live.ToHashSet();
        var index = 1;
        while (used.Contains(index))
        {
            index++;
        }

        return index;
    }

    /// <summary>
    /// Each thread's share of <paramref name="totalBytes"/> (<see cref="StreamsOptions.StateStoreCacheMaxBytes"/>): the
    /// total divided evenly (rounded down) over <paramref name="threads"/>, the whole total with no thread. Kafka Streams
    /// also gives a share to its global thread; here global stores have no record cache, so only stream threads count.
    /// </summary>
    /// <param name="totalBytes">The instance's cache budget in bytes.</param>
    /// <param name="threads">The live stream threads, the one being added included.</param>
    public static long CacheBytesPerThread(long totalBytes, int threads) => threads <= 0 ? totalBytes : totalBytes / threads;
}
