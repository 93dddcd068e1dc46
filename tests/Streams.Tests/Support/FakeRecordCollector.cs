using Confluent.Kafka;
using Streams.Processor.Internal;

namespace Streams.Tests.Support;

/// <summary>Keeps every record sent, in order; nothing is ever acknowledged.</summary>
internal sealed class FakeRecordCollector : IRecordCollector
{
    public List<SentRecord> Sent { get; } = [];

    public int Flushes { get; private set; }

    public IReadOnlyDictionary<TopicPartition, long> AcknowledgedOffsets { get; } = new Dictionary<TopicPartition, long>();

    public void Send(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp, int? partition) =>
        Sent.Add(new SentRecord(topic, key, value, headers, timestamp, partition));

    /// <summary>The partition count every topic reports to stream partitioners.</summary>
    public int PartitionCount { get; set; } = 1;

    public int PartitionsFor(string topic) => PartitionCount;

    public void Flush() => Flushes++;
}

internal sealed record SentRecord(string Topic, byte[]? Key, byte[]? Value, Headers? Headers, long Timestamp, int? Partition);
