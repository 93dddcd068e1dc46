using Confluent.Kafka;
using Streams.Internal;
using Streams.Processor;

namespace Streams.Errors;

/// <summary>
/// What an error handler knows about the record that failed, as Kafka Streams' <c>ErrorHandlerContext</c> (KIP-1033,
/// with the raw source key and value of KIP-1034): the source topic, partition and offset of the input record being
/// processed, its headers and timestamp, the processor node and task, and the key and value bytes exactly as consumed.
/// Shared by <see cref="IDeserializationExceptionHandler"/>, <see cref="IProcessingExceptionHandler"/> and
/// <see cref="IProductionExceptionHandler"/>.
/// </summary>
/// <remarks>
/// While a punctuator runs there is no input record: <see cref="Topic"/> is null, <see cref="Partition"/> and
/// <see cref="Offset"/> are -1, <see cref="Headers"/> is empty and the raw key and value are null, as in Kafka Streams.
/// </remarks>
public sealed class ErrorHandlerContext
{
    /// <summary>Creates a context; the runtime creates one per failure.</summary>
    /// <param name="topic">The source topic of the input record, or null while punctuating.</param>
    /// <param name="partition">The source partition, or -1.</param>
    /// <param name="offset">The source offset, or -1.</param>
    /// <param name="headers">The input record's headers (empty when there are none).</param>
    /// <param name="processorNodeId">The processor (or source, or sink) node that failed; null when no node was running.</param>
    /// <param name="taskId">The task that processed the record.</param>
    /// <param name="timestampMs">The timestamp of the record being processed (or the punctuation time), epoch milliseconds.</param>
    /// <param name="sourceRawKey">The input record's key bytes as consumed, or null.</param>
    /// <param name="sourceRawValue">The input record's value bytes as consumed, or null.</param>
    /// <param name="deadLetterQueueTopicName">The configured dead-letter topic (<see cref="StreamsOptions.DeadLetterQueueTopicName"/>), or null.</param>
    public ErrorHandlerContext(
        string? topic,
        int partition,
        long offset,
        Headers? headers,
        string? processorNodeId,
        TaskId taskId,
        long timestampMs,
        byte[]? sourceRawKey,
        byte[]? sourceRawValue,
        string? deadLetterQueueTopicName)
    {
        Topic = topic;
        Partition = partition;
        Offset = offset;
        Headers = headers ?? [];
        ProcessorNodeId = processorNodeId;
        TaskId = taskId;
        TimestampMs = timestampMs;
        SourceRawKey = sourceRawKey;
        SourceRawValue = sourceRawValue;
        DeadLetterQueueTopicName = deadLetterQueueTopicName;
    }

    /// <summary>The source topic of the input record; null while punctuating.</summary>
    public string? Topic { get; }

    /// <summary>The source partition of the input record; -1 while punctuating.</summary>
    public int Partition { get; }

    /// <summary>The source offset of the input record; -1 while punctuating.</summary>
    public long Offset { get; }

    /// <summary>The headers of the input record as consumed (empty while punctuating). Do not modify them.</summary>
    public Headers Headers { get; }

    /// <summary>The name of the node that failed (a processor, a source for deserialization errors, a sink for production errors); null when none ran.</summary>
    public string? ProcessorNodeId { get; }

    /// <summary>The task that processed the record.</summary>
    public TaskId TaskId { get; }

    /// <summary>
    /// The timestamp of the record being processed (Kafka's record timestamp), or the punctuation time, in milliseconds
    /// since the Unix epoch, as Kafka Streams' <c>ErrorHandlerContext.timestamp()</c>.
    /// </summary>
    public long TimestampMs { get; }

    /// <summary>
    /// <see cref="TimestampMs"/> as a UTC <see cref="DateTimeOffset"/> (computed, not stored), named as
    /// <see cref="Record{TKey, TValue}.Time"/>; a timestamp beyond its range reads as <see cref="DateTimeOffset.MinValue"/>
    /// or <see cref="DateTimeOffset.MaxValue"/>.
    /// </summary>
    public DateTimeOffset Time => EpochMs.ToDateTimeOffset(TimestampMs);

    /// <summary>The timestamp, epoch milliseconds: the same as <see cref="TimestampMs"/>, under a name without its unit.</summary>
    [Obsolete(TimestampObsolete.Property)]
    public long Timestamp => TimestampMs;

    /// <summary>The key bytes of the input record exactly as consumed, as Kafka Streams' <c>sourceRawKey</c>; null while punctuating or for a null key.</summary>
    public byte[]? SourceRawKey { get; }

    /// <summary>The value bytes of the input record exactly as consumed, as Kafka Streams' <c>sourceRawValue</c>; null while punctuating or for a null value.</summary>
    public byte[]? SourceRawValue { get; }

    /// <summary>
    /// The dead-letter topic configured with <see cref="StreamsOptions.DeadLetterQueueTopicName"/>
    /// (Kafka Streams' <c>errors.dead.letter.queue.topic.name</c>), or null when none is: the built-in handlers that
    /// continue write the failed record there with <see cref="DeadLetterQueue.BuildRecord"/>.
    /// </summary>
    public string? DeadLetterQueueTopicName { get; }

    /// <summary>The record's position for messages: <c>topic-partition@offset</c>, or <c>(punctuation)</c>.</summary>
    /// <returns>The position text.</returns>
    public override string ToString() => Topic is null ? "(punctuation)" : $"{Topic}-{Partition}@{Offset}";
}
