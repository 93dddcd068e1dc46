namespace Streams.Runtime.Internal;

/// <summary>Sums the progress of an instance's stream threads into the one <see cref="StreamsProgress"/> it reports.</summary>
internal static class ProgressTotals
{
    /// <summary>
    /// Counters summed, partitions concatenated (each partition is assigned to one thread at a time). Pass the final
    /// counters of stopped threads too (with no partitions) so that the totals since start never go down when a thread
    /// is removed or replaced.
    /// </summary>
    /// <param name="threads">One snapshot per thread.</param>
    public static StreamsProgress Sum(IEnumerable<StreamsProgress> threads)
    {
        long processed = 0, skipped = 0, produced = 0, commits = 0;
        var partitions = new List<PartitionProgress>();
        foreach (var p in threads)
        {
            processed += p.RecordsProcessed;
            skipped += p.RecordsSkipped;
            produced += p.RecordsProduced;
            commits += p.Commits;
            partitions.AddRange(p.Partitions);
        }

        return new StreamsProgress(processed, skipped, produced, commits, partitions);
    }

    /// <summary>The counters of <paramref name="progress"/> without its partitions: what a stopped thread leaves behind.</summary>
    public static StreamsProgress Counters(StreamsProgress progress) => progress with { Partitions = [] };
}
