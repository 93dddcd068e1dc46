using System.Collections.Concurrent;
using Confluent.Kafka;
using Streams.Errors;
using Streams.Processor.Internal;

namespace Streams.Runtime.Internal;

/// <summary>
/// Sends records through the Confluent producer, as Kafka Streams' <c>RecordCollectorImpl</c>: remembers
/// the first delivery failure (raised at the next send or flush, so nothing is committed past it) and the
/// last acknowledged offset per partition (changelog checkpoints).
/// </summary>
internal sealed partial class KafkaRecordCollector(IProducer<byte[], byte[]> producer, TimeSpan flushTimeout, TimeProvider time, StreamsProducer? transactions = null) : IRecordCollector
{
    private readonly ConcurrentDictionary<TopicPartition, long> _acked = new();
    private readonly ConcurrentDictionary<string, int> _partitionCounts = new(StringComparer.Ordinal);
    // Confluent.Kafka's Produce reads a message and keeps none of it (its delivery handler holds topic, key and value):
    // the stream thread's changelog sends reuse one message and one empty header collection (Produce would otherwise
    // allocate one per record for a message without headers). Neither reaches user code.
    private static readonly Headers s_noHeaders = [];
    private Message<byte[], byte[]> _changelogMessage = new();
    private Action<DeliveryReport<byte[], byte[]>>? _onDelivery;
    private Exception? _sendError;
    private int _handlersRunning;
    private long _produced;

    public long Produced => Interlocked.Read(ref _produced);

    public IReadOnlyDictionary<TopicPartition, long> AcknowledgedOffsets => _acked;

    public void Send(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp, int? partition)
    {
        ThrowIfFailed();
        try
        {
            Produce(topic, partition, new Message<byte[], byte[]> { Key = key!, Value = value!, Headers = headers, Timestamp = new Timestamp(timestamp, TimestampType.CreateTime) }, OnDeliveryHandler);
        }
        catch (ProduceException<byte[], byte[]> e)
        {
            // A changelog or dead-letter record the producer refused at once (too large...): never skippable.
            throw new StreamsException($"Failed to send a record to topic '{topic}' (timestamp {timestamp}): {e.Error.Code} {e.Error.Reason}. No offset after it will be committed.", e);
        }
    }

    /// <summary>A changelog record, sent from the stream thread: no message, delegate or partition allocated per record.</summary>
    public void Send(TopicPartition partition, byte[]? key, byte[]? value, long timestamp)
    {
        ThrowIfFailed();
        var message = _changelogMessage;
        message.Key = key!;
        message.Value = value!;
        message.Headers = s_noHeaders;
        message.Timestamp = new Timestamp(timestamp, TimestampType.CreateTime);
        try
        {
            ProduceTo(partition, message, OnDeliveryHandler);
        }
        catch (ProduceException<byte[], byte[]> e)
        {
            // The exception keeps the message (as a send without headers, not the shared empty collection): the next send takes a new one.
            message.Headers = null;
            _changelogMessage = new();
            throw new StreamsException($"Failed to send a record to topic '{partition.Topic}' (timestamp {timestamp}): {e.Error.Code} {e.Error.Reason}. No offset after it will be committed.", e);
        }
    }

    private Action<DeliveryReport<byte[], byte[]>> OnDeliveryHandler => _onDelivery ??= OnDelivery;

    /// <summary>A sink's record: a failed delivery goes to the task's production exception handler (<see cref="OutputDelivery"/>).</summary>
    public void SendOutput(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp, int? partition, TaskContext task, string sinkName)
    {
        ThrowIfFailed();
        var message = new Message<byte[], byte[]> { Key = key!, Value = value!, Headers = headers, Timestamp = new Timestamp(timestamp, TimestampType.CreateTime) };
        var delivery = new OutputDelivery(this, task, sinkName, task.CurrentRecord, task.RecordTimestamp, partition, message);
        try
        {
            Produce(topic, partition, message, delivery.OnDelivery);
        }
        catch (ProduceException<byte[], byte[]> e)
        {
            // Refused before sending (larger than message.max.bytes, unknown partition...): the same handler decides, now.
            delivery.Handle(e.Error, topic, message);
            ThrowIfFailed();
        }
    }

    private void Produce(string topic, int? partition, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>> onDelivery)
    {
        if (partition is { } p)
        {
            ProduceTo(new TopicPartition(topic, p), message, onDelivery);
            return;
        }

        transactions?.MaybeBeginTransaction();
        while (true)
        {
            try
            {
                producer.Produce(topic, message, onDelivery);
                return;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Back-pressure: let librdkafka drain its queue, then retry the same record.
                producer.Poll(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    private void ProduceTo(TopicPartition partition, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>> onDelivery)
    {
        transactions?.MaybeBeginTransaction();
        while (true)
        {
            try
            {
                producer.Produce(partition, message, onDelivery);
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
    /// <summary>Makes the admin client that reads partition counts over the producer's connections.</summary>
    public IKafkaClientSupplier ClientSupplier { get; init; } = DefaultKafkaClientSupplier.Instance;

    public int PartitionsFor(string topic) => _partitionCounts.GetOrAdd(topic, t =>
    {
        // A client on the producer's own handle: no new connection, disposed right away.
        using var admin = ClientSupplier.GetDependentAdmin(producer);
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
        // A delivery handler may produce (a retry, a dead-letter record): wait for those too.
        while (producer.Flush(TimeSpan.FromMilliseconds(500)) > 0 || Volatile.Read(ref _handlersRunning) > 0)
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
        if (report.Error.IsError && IgnoredUnderExactlyOnce(report.Error))
        {
            return;
        }

        if (report.Error.IsError && ExactlyOnceSendError(report.TopicPartition, report.Message, report.Error, null) is { } eosError)
        {
            Fail(eosError);
            return;
        }

        if (report.Error.IsError)
        {
            Fail(new StreamsException($"Failed to send a record to {report.TopicPartition} (timestamp {report.Message.Timestamp.UnixTimestampMs}): {report.Error.Code} {report.Error.Reason}. No offset after it will be committed."));
            return;
        }

        Interlocked.Increment(ref _produced);
        _acked.AddOrUpdate(report.TopicPartition, static (_, offset) => offset, static (_, old, offset) => Math.Max(old, offset), report.Offset.Value);
    }

    private void Fail(Exception error) => Interlocked.CompareExchange(ref _sendError, error, null);

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _sendError) is { } e)
        {
            throw e;
        }
    }

    /// <summary>
    /// The delivery handler of one sink record: remembers the input record it came from, and on failure asks the task's
    /// production exception handler, as Kafka Streams' <c>RecordCollectorImpl.recordSendError</c>. Runs on the producer's
    /// delivery thread.
    /// </summary>
    /// <remarks>
    /// <paramref name="message"/> is the record as sent: the handler and a retry take its headers and timestamp from it, not
    /// from the delivery report (whose fields <see cref="ClientConfigs.Producer"/> limits to the timestamp).
    /// </remarks>
    private sealed class OutputDelivery(KafkaRecordCollector owner, TaskContext task, string sink, ConsumeResult<byte[], byte[]>? source, long timestamp, int? partition, Message<byte[], byte[]> message)
    {
        public void OnDelivery(DeliveryReport<byte[], byte[]> report)
        {
            if (!report.Error.IsError)
            {
                owner.OnDelivery(report);
                return;
            }

            if (owner.IgnoredUnderExactlyOnce(report.Error))
            {
                return;
            }

            Interlocked.Increment(ref owner._handlersRunning);
            try
            {
                Handle(report.Error, report.Topic, message);
            }
            finally
            {
                Interlocked.Decrement(ref owner._handlersRunning);
            }
        }

        /// <summary>Asks the production exception handler about a failed send and acts on its response.</summary>
        public void Handle(Error error, string topic, Message<byte[], byte[]> message)
        {
            if (owner.ExactlyOnce && StreamsProducer.IsFenced(error))
            {
                // As Kafka Streams' recordSendError: a fenced or fatally failed producer is not the handler's to judge.
                owner.Fail(owner.ExactlyOnceSendError(new TopicPartition(topic, partition ?? -1), message, error, sink)!);
                return;
            }

            var errors = task.Errors;
            var exception = new ProduceException<byte[], byte[]>(error, new DeliveryResult<byte[], byte[]> { Topic = topic, Partition = new Partition(partition ?? -1), Message = message });
            var context = source is null
                ? new ErrorHandlerContext(null, -1, -1, null, sink, task.TaskId, timestamp, null, null, errors.DeadLetterQueueTopicName)
                : new ErrorHandlerContext(
                    source.Topic, source.Partition.Value, source.Offset.Value, source.Message.Headers, sink, task.TaskId, timestamp,
                    source.Message.Key, source.Message.Value, errors.DeadLetterQueueTopicName);
            var record = new ProductionRecord(topic, partition, message.Key, message.Value, message.Headers, message.Timestamp.UnixTimestampMs);
            ProductionExceptionResponse response;
            try
            {
                response = errors.ProductionHandler.Handle(context, record, exception, task.Logger)
                    ?? throw new InvalidOperationException($"{errors.ProductionHandler.GetType().Name}.Handle returned null.");
            }
            catch (Exception handlerError)
            {
                owner.Fail(Failed(error, topic, message, context, exception, $" The production exception handler itself threw: {handlerError.Message}."));
                return;
            }

            foreach (var r in response.DeadLetterQueueRecords)
            {
                owner.Produce(r.Topic, null, new Message<byte[], byte[]> { Key = r.Key!, Value = r.Value!, Headers = r.Headers, Timestamp = new Timestamp(r.TimestampMs, TimestampType.CreateTime) }, owner.OnDelivery);
            }

            switch (response.Response)
            {
                case ProductionHandlerResponse.Continue:
                    DroppedRecords.Skipped(task.TaskId, task.Logger, sink, "send error", context, $"sending to topic '{topic}' failed: {error.Code} {error.Reason}");
                    break;
                case ProductionHandlerResponse.Retry when ProductionErrors.IsRetriable(error.Code) && owner.ExactlyOnce:
                    // As Kafka Streams under EOS: the failed send doomed the transaction; abort it and re-process from the last commit.
                    owner.Fail(owner.ExactlyOnceSendError(new TopicPartition(topic, partition ?? -1), message, error, sink)!);
                    break;
                case ProductionHandlerResponse.Retry when ProductionErrors.IsRetriable(error.Code):
                    owner.Produce(topic, partition, message, OnDelivery);
                    break;
                default:
                    owner.Fail(Failed(error, topic, message, context, exception, string.Empty));
                    break;
            }
        }

        private StreamsException Failed(Error error, string topic, Message<byte[], byte[]> message, ErrorHandlerContext context, Exception exception, string extra) =>
            new(
                $"Sink '{sink}' of task {task.TaskId} failed to send a record to topic '{topic}' (input record {context}, timestamp " +
                $"{message.Timestamp.UnixTimestampMs}): {error.Code} {error.Reason}.{extra} Processing stopped; no offset after it is committed.",
                exception);
    }
}
