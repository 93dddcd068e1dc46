using Confluent.Kafka;
using Streams.Processor.Internal;

namespace Streams.TestDriver.Internal;

/// <summary>
/// The in-memory "cluster" of the test driver: every topic has one partition whose offsets count from 0.
/// As the task's <see cref="IRecordCollector"/> it captures everything sinks and change-logging stores
/// send, in send order, into a per-topic output queue (read by <see cref="TestOutputTopic{TKey, TValue}"/>)
/// and into a routing queue the driver drains to feed topics the topology itself reads, as the
/// <c>MockProducer</c> of Kafka's <c>TopologyTestDriver</c>.
/// </summary>
internal sealed class TestRecordCollector : IRecordCollector
{
    private readonly Dictionary<string, long> _nextOffsets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<ProducedRecord>> _outputs = new(StringComparer.Ordinal);
    private readonly Queue<ProducedRecord> _unrouted = new();
    private readonly Dictionary<TopicPartition, long> _acknowledged = [];

    public IReadOnlyDictionary<TopicPartition, long> AcknowledgedOffsets => _acknowledged;

    /// <summary>Topics written at least once, drained or not.</summary>
    public IReadOnlyCollection<string> ProducedTopics => _outputs.Keys;

    public void Send(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp, int? partition)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        // Most records carry no header: they keep none (a driver fed many records keeps every changelog record it captured).
        var record = new ProducedRecord(topic, NextOffset(topic), key, value, headers is null || headers.Count == 0 ? null : Copy(headers), timestamp);
        if (!_outputs.TryGetValue(topic, out var queue))
        {
            queue = new Queue<ProducedRecord>();
            _outputs.Add(topic, queue);
        }

        queue.Enqueue(record);
        _unrouted.Enqueue(record);
        _acknowledged[new TopicPartition(topic, 0)] = record.Offset;
    }

    /// <summary>Every topic of the driver has a single partition.</summary>
    public int PartitionsFor(string topic) => 1;

    /// <summary>Nothing is in flight: sends complete synchronously.</summary>
    public void Flush()
    {
    }

    /// <summary>Assigns the next offset of <paramref name="topic"/>'s single partition.</summary>
    public long NextOffset(string topic)
    {
        var offset = _nextOffsets.GetValueOrDefault(topic);
        _nextOffsets[topic] = offset + 1;
        return offset;
    }

    public bool TryTakeUnrouted(out ProducedRecord record) => _unrouted.TryDequeue(out record!);

    public bool TryTakeOutput(string topic, out ProducedRecord record)
    {
        record = null!;
        return _outputs.TryGetValue(topic, out var queue) && queue.TryDequeue(out record!);
    }

    public int OutputCount(string topic) => _outputs.TryGetValue(topic, out var queue) ? queue.Count : 0;

    public bool WasProduced(string topic) => _outputs.ContainsKey(topic);

    /// <summary>A consumed record as a consumer would return it: partition 0, CreateTime timestamp.</summary>
    public static ConsumeResult<byte[], byte[]> ToConsumeResult(string topic, long offset, byte[]? key, byte[]? value, Headers? headers, long timestampMs) =>
        new()
        {
            Topic = topic,
            Partition = new Partition(0),
            Offset = new Offset(offset),
            Message = new Message<byte[], byte[]>
            {
                Key = key!,
                Value = value!,
                Headers = Copy(headers),
                Timestamp = new Timestamp(timestampMs, TimestampType.CreateTime),
            },
        };

    /// <summary>A private copy, so that captured records cannot change when a processor mutates headers later.</summary>
    public static Headers Copy(Headers? headers)
    {
        var copy = new Headers();
        if (headers is not null)
        {
            foreach (var h in headers)
            {
                copy.Add(h.Key, h.GetValueBytes());
            }
        }

        return copy;
    }
}

/// <summary>
/// One record written by the topology: its topic, offset, raw key and value, headers (null: none) and timestamp (epoch ms).
/// </summary>
internal sealed record ProducedRecord(string Topic, long Offset, byte[]? Key, byte[]? Value, Headers? CapturedHeaders, long Timestamp)
{
    /// <summary>The record's headers: the captured ones, or a new empty collection for a record without headers (each call a new one, which the reader may change).</summary>
    public Headers Headers => CapturedHeaders ?? [];

    public ConsumeResult<byte[], byte[]> ToConsumeResult() => TestRecordCollector.ToConsumeResult(Topic, Offset, Key, Value, CapturedHeaders, Timestamp);
}
