using Confluent.Kafka;

namespace Streams.Runtime.Internal;

/// <content>
/// Send errors under exactly-once, as Kafka Streams' <c>RecordCollectorImpl.recordSendError</c> with an EOS producer: a
/// failed delivery dooms the open transaction (librdkafka makes it abortable), so it becomes a
/// <see cref="TaskCorruptedException"/> (abort and rewind) instead of failing the thread; a fenced or fatally failed
/// producer ends the thread; the deliveries purged by an abort are follow-ups of the error being handled and are ignored
/// (Kafka swallows its <c>TransactionAbortedException</c>).
/// </content>
internal sealed partial class KafkaRecordCollector
{
    /// <summary>True when the records go through a transactional producer.</summary>
    public bool ExactlyOnce => transactions?.ExactlyOnce == true;

    /// <summary>After the thread aborted its transaction: forgets the send error that caused it, so the rewound tasks can send again.</summary>
    public void ResetAfterAbort() => Volatile.Write(ref _sendError, null);

    /// <summary>Delivery reports of records purged by an abort: not errors of their own.</summary>
    private bool IgnoredUnderExactlyOnce(Error error) => ExactlyOnce && error.Code is ErrorCode.Local_PurgeQueue or ErrorCode.Local_PurgeInflight;

    /// <summary>The error a failed delivery raises under exactly-once (null under at-least-once): fatal when the producer is fenced, else a corrupted transaction.</summary>
    private StreamsException? ExactlyOnceSendError(TopicPartition partition, Message<byte[], byte[]> message, Error error, string? sink)
    {
        if (!ExactlyOnce)
        {
            return null;
        }

        var record = $"a record to {partition} (timestamp {message.Timestamp.UnixTimestampMs}{(sink is null ? string.Empty : $", sink '{sink}'")})";
        if (ProducerFencedException.IsFencing(error))
        {
            return new ProducerFencedException($"Failed to send {record}: {error.Code} {error.Reason}. The transactional producer was fenced; the stream thread ends, its transaction is aborted and a new thread with a new producer replaces it.");
        }

        return StreamsProducer.IsFenced(error)
            ? new StreamsException($"Failed to send {record}: {error.Code} {error.Reason}. The transactional producer was fenced or failed fatally; the stream thread ends and its transaction is aborted.")
            : new TaskCorruptedException($"Failed to send {record}: {error.Code} {error.Reason}. The transaction is aborted and the thread's tasks are rewound to the last commit.");
    }
}
