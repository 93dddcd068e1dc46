using Confluent.Kafka;
using Streams.Processor.Internal;

namespace Streams.Benchmarks.Support;

/// <summary>
/// An in-memory record collector for benchmarks: counts the records and bytes each topic receives and
/// discards them, so the task code (serialization included) runs exactly as under the Kafka runtime while
/// nothing is sent anywhere. An optional observer sees each record (validation runs only).
/// </summary>
internal sealed class CountingRecordCollector : IRecordCollector
{
    private readonly Dictionary<string, TopicCount> _topics = new(StringComparer.Ordinal);
    private string? _lastTopic;
    private TopicCount? _last;

    /// <summary>Called for each sent record when set: topic, key, value.</summary>
    public Action<string, byte[]?, byte[]?>? Observer { get; set; }

    public IReadOnlyDictionary<TopicPartition, long> AcknowledgedOffsets { get; } = new Dictionary<TopicPartition, long>();

    public IReadOnlyDictionary<string, TopicCount> Topics => _topics;

    public long Records => _topics.Values.Sum(t => t.Records);

    public void Send(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp, int? partition)
    {
        // Topic names are the same string instances on every call from a node: compare references first.
        var count = ReferenceEquals(topic, _lastTopic) ? _last! : Lookup(topic);
        count.Records++;
        count.Bytes += (key?.Length ?? 0) + (value?.Length ?? 0);
        Observer?.Invoke(topic, key, value);
    }

    public void Flush()
    {
    }

    public void Clear()
    {
        _topics.Clear();
        _lastTopic = null;
        _last = null;
    }

    private TopicCount Lookup(string topic)
    {
        if (!_topics.TryGetValue(topic, out var count))
        {
            count = new TopicCount();
            _topics.Add(topic, count);
        }

        _lastTopic = topic;
        _last = count;
        return count;
    }

    internal sealed class TopicCount
    {
        public long Records { get; set; }

        public long Bytes { get; set; }
    }
}
