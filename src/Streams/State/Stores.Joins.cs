using Streams.State.Internal;

namespace Streams.State;

public static partial class Stores
{
    /// <summary>
    /// An in-memory window store that optionally retains duplicates, as Kafka Streams'
    /// <c>Stores.inMemoryWindowStore(name, retentionPeriod, windowSize, retainDuplicates)</c>. With
    /// <paramref name="retainDuplicates"/> every put is kept (several values for one key and window start, in put
    /// order), puts of null are ignored, and the window size may be 0: the stores of stream-stream joins
    /// (<c>StreamJoined.WithThisStoreSupplier</c>) must be such stores.
    /// </summary>
    /// <param name="name">The store name; also names the changelog topic <c>{applicationId}-{name}-changelog</c>.</param>
    /// <param name="retentionPeriod">How long records are kept, from their window start; at least <paramref name="windowSize"/>. Millisecond precision.</param>
    /// <param name="windowSize">The window size; not negative with duplicates, at least 1 ms without. Millisecond precision.</param>
    /// <param name="retainDuplicates">Whether to keep every put rather than the latest per key and window start.</param>
    /// <returns>The supplier.</returns>
    /// <exception cref="ArgumentException">The name is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size is negative (or 0 without duplicates), or the retention is shorter than the size.</exception>
    public static IWindowBytesStoreSupplier InMemoryWindowStore(string name, TimeSpan retentionPeriod, TimeSpan windowSize, bool retainDuplicates)
    {
        if (!retainDuplicates)
        {
            return InMemoryWindowStore(name, retentionPeriod, windowSize);
        }

        ArgumentException.ThrowIfNullOrEmpty(name);
        var size = (long)windowSize.TotalMilliseconds;
        var retention = (long)retentionPeriod.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfNegative(size, nameof(windowSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(retention, size, nameof(retentionPeriod));
        return new InMemoryWindowBytesStoreSupplier(name, retention, size, retainDuplicates: true);
    }
}
