using System.Collections.Concurrent;
using Confluent.Kafka;
using Streams.Processor.Internal;

namespace Streams.Runtime.Internal;

/// <summary>
/// Sends records through the Confluent producer, as Kafka Streams' <c>RecordCollectorImpl</c>: remembers
/// the first delivery failure (raised at the next send or flush, so nothing is committed past it) and the
/// last acknowledged offset per partition (changelog checkpoints).
/// </summary>
internal sealed class KafkaRecordCollector(IProducer<byte[], byte[]> producer, TimeSpan flushTimeout, TimeProvider time) : IRecordCollector
{
    private readonly ConcurrentDictionary<TopicPartition, long> _acked = new();
    private readonly ConcurrentDictionary<string, int> _partitionCounts = new(StringComparer.Ordinal);
    private Exception? _sendError;
    private long _produced;

    public long Produced => Interlocked.Read(ref _produced);

    public IReadOnlyDictionary<TopicPartition, long> AcknowledgedOffsets => _acked;

    public void Send(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp, int? partition)
    {
        ThrowIfFailed();
        var message = new Message<byte[], byte[]> { Key = key!, Value = value!, Headers = headers, Timestamp = new Timestamp(timestamp, TimestampType.CreateTime) };
        while (true)
        {
            try
            {
                if (partition is { } p)
                {
                    producer.Produce(new TopicPartition(topic, p), message, OnDelivery);
                }
                else
                {
                    producer.Produce(topic, message, OnDelivery);
                }

                return;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Back-pressure: let librdkafka drain its queue, then retry the same record.
                producer.Poll(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    /// <summary>The topic's partition count from the producer's metadata (cached: partition counts only grow, and a stream partitioner sees the count at first use).</summary>
    public int PartitionsFor(string topic) => _partitionCounts.GetOrAdd(topic, t =>
    {
        // A client on the producer's own handle: no new connection, disposed right away.
        using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
        var metadata = admin.GetMetadata(t, flushTimeout).Topics.FirstOrDefault(m => m.Topic == t);
        if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
        {
            throw new StreamsException(
                $"Could not get partition information for topic '{t}' ({metadata?.Error.Reason ?? "no metadata"}); a stream partitioner needs the partition count.");
        }

        return metadata.Partitions.Count;
    });

    public void Flush()
    {
        var deadline = time.GetUtcNow() + flushTimeout;
        while (producer.Flush(TimeSpan.FromMilliseconds(500)) > 0)
        {
            if (time.GetUtcNow() > deadline)
            {
                throw new StreamsException($"Producer flush did not complete within {flushTimeout.TotalSeconds:0} s; the commit is abandoned and offsets are not committed.");
            }
        }

        ThrowIfFailed();
    }

    private void OnDelivery(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.CompareExchange(
                ref _sendError,
                new StreamsException($"Failed to send a record to {report.TopicPartition} (timestamp {report.Message.Timestamp.UnixTimestampMs}): {report.Error.Code} {report.Error.Reason}. No offset after it will be committed."),
                null);
            return;
        }

        Interlocked.Increment(ref _produced);
        _acked.AddOrUpdate(report.TopicPartition, report.Offset.Value, (_, old) => Math.Max(old, report.Offset.Value));
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _sendError) is { } e)
        {
            throw e;
        }
    }
}
