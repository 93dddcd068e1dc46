namespace Streams.Processor.Internal;

/// <summary>
/// Adapts a single-partition choice (a foreign-key join's <see cref="StreamPartitioner{TKey, TValue}"/>, or the
/// response topic's partition of the original left record) to <see cref="IStreamPartitioner{TKey, TValue}"/>.
/// One cached set per partition number: no allocation per record once warm.
/// </summary>
internal sealed class SinglePartitionStreamPartitioner<TKey, TValue>(Func<string, TKey, TValue, int, int?> choose) : IStreamPartitioner<TKey, TValue>
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlySet<int>> _sets = new();

    public IReadOnlySet<int>? Partitions(string topic, TKey key, TValue value, int numPartitions) =>
        choose(topic, key, value, numPartitions) is { } partition ? _sets.GetOrAdd(partition, p => new HashSet<int> { p }) : null;
}
