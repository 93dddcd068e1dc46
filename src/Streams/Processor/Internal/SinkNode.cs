using System.Runtime.CompilerServices;
using Confluent.Kafka;
using Streams.Errors;
using Streams.Internal;
using Streams.Serialization;

namespace Streams.Processor.Internal;

/// <summary>
/// Serializes records and hands them to the task's record collector, as Kafka Streams' <c>SinkNode</c>: to the producer's
/// default partition, or to each partition an <see cref="IStreamPartitioner{TKey, TValue}"/> returns (an empty set drops
/// the record, counted as dropped).
/// </summary>
internal sealed class SinkNode<TKey, TValue>(
    string name,
    string? topic,
    Func<TKey, TValue, string>? topicExtractor,
    ISerde<TKey> keySerde,
    ISerde<TValue> valueSerde,
    IStreamPartitioner<TKey, TValue>? partitioner = null)
    : ProcessorNode(name), IRecordReceiver<TKey, TValue>
{
    /// <summary>A sink that leaves partitioning to the producer.</summary>
    public SinkNode(string name, string? topic, Func<TKey, TValue, string>? topicExtractor, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
        : this(name, topic, topicExtractor, keySerde, valueSerde, null)
    {
    }

    private TaskContext? _task;

    public override void Init(TaskContext context) => _task = context;

    [MethodImpl(MethodImplOptions.NoInlining)] // no try region inlined on the forward path (docs/reliability.md, "Hardening")
    public void Receive(Record<TKey, TValue> record)
    {
        var task = _task!;
        var target = topic ?? topicExtractor!(record.Key, record.Value);
        if (!TrySerialize(task, target, record, out var key, out var value))
        {
            return;
        }

        if (record.TimestampMs < 0)
        {
            throw new StreamsException($"Sink '{Name}' cannot write a record with negative timestamp {record.TimestampMs} to topic '{target}'.");
        }

        var headers = record.Headers;
        using var activity = StreamsTracing.StartSend(target, ref headers);
        if (partitioner is null)
        {
            task.Collector.SendOutput(target, key, value, headers, record.TimestampMs, null, task, Name);
            return;
        }

        var count = task.Collector.PartitionsFor(target);
        var partitions = partitioner.Partitions(target, record.Key, record.Value, count);
        if (partitions is null)
        {
            task.Collector.SendOutput(target, key, value, headers, record.TimestampMs, null, task, Name);
            return;
        }

        if (partitions.Count == 0)
        {
            DroppedRecords.NoPartition(task, Name, record.TimestampMs, target);
            return;
        }

        foreach (var p in partitions)
        {
            if (p < 0 || p >= count)
            {
                throw new StreamsException($"Sink '{Name}': the stream partitioner returned partition {p} for topic '{target}', which has partitions [0, {count}).");
            }
        }

        foreach (var p in partitions)
        {
            task.Collector.SendOutput(target, key, value, headers, record.TimestampMs, p, task, Name);
        }
    }

    /// <summary>Serializes key and value; a failure goes to the production exception handler (KIP-399), which may skip the record.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // no try region inlined on the forward path (docs/reliability.md, "Hardening")
    private bool TrySerialize(TaskContext task, string target, Record<TKey, TValue> record, out byte[]? key, out byte[]? value)
    {
        var origin = SerializationExceptionOrigin.Key;
        try
        {
            key = keySerde.Serialize(record.Key, new SerializationContext(MessageComponentType.Key, target, record.Headers));
            origin = SerializationExceptionOrigin.Value;
            // A value-type tombstone (its Value is default, not null) is written as Kafka writes a delete: a null value.
            value = record.IsTombstone && record.Value is not null
                ? null
                : valueSerde.Serialize(record.Value, new SerializationContext(MessageComponentType.Value, target, record.Headers));
            return true;
        }
        catch (Exception ex) when (ex is not StreamsException)
        {
            task.Errors.OnSerializationError(task, Name, new ProductionRecord(target, null, record.Key, record.Value, record.Headers, record.TimestampMs), ex, origin);
            key = value = null;
            return false;
        }
    }
}
