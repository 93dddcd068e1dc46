using Confluent.Kafka;

namespace Streams.Runtime.Internal;

/// <summary>
/// A stream thread's producer and, under <see cref="ProcessingGuarantee.ExactlyOnceV2"/>, its transaction, as Kafka
/// Streams' <c>StreamsProducer</c>: the transaction begins lazily before the first record sent after a commit (a
/// thread with nothing to commit opens none), and a commit sends the input offsets with the consumer's group
/// metadata (KIP-447) and ends it. Errors are sorted as Kafka Streams sorts them: an abortable error is a
/// <see cref="TaskCorruptedException"/>, a stale group generation a <see cref="TaskMigratedException"/>, and a fatal
/// producer error (fenced by another producer with the same <c>transactional.id</c>, invalid epoch) a
/// <see cref="StreamsException"/> that ends the thread. At-least-once: a plain pass-through.
/// </summary>
internal sealed class StreamsProducer(IProducer<byte[], byte[]> producer, bool exactlyOnce, TimeSpan timeout)
{
    private volatile bool _inTransaction;

    public IProducer<byte[], byte[]> Producer => producer;

    /// <summary>True under exactly-once v2.</summary>
    public bool ExactlyOnce => exactlyOnce;

    /// <summary>True between the first send after a commit and the commit or abort that ends the transaction.</summary>
    public bool TransactionInFlight => _inTransaction;

    /// <summary>Registers the <c>transactional.id</c> with its coordinator, fencing older producers with the same id (exactly-once only).</summary>
    /// <exception cref="StreamsException">The coordinator did not answer within the timeout, or the producer failed fatally.</exception>
    public void InitTransactions()
    {
        if (!exactlyOnce)
        {
            return;
        }

        try
        {
            producer.InitTransactions(timeout);
        }
        catch (KafkaException e)
        {
            throw new StreamsException(
                $"Initializing the transactional producer '{producer.Name}' failed: {e.Error.Code} {e.Error.Reason}. Exactly-once needs brokers 2.5 or newer with transactions enabled.", e);
        }
    }

    /// <summary>Begins a transaction unless one is open; called before every send. Only the stream thread begins, commits and aborts.</summary>
    public void MaybeBeginTransaction()
    {
        if (!exactlyOnce || _inTransaction)
        {
            return;
        }

        try
        {
            producer.BeginTransaction();
        }
        catch (KafkaException e)
        {
            throw Classify(e, "beginning a transaction");
        }

        _inTransaction = true;
    }

    /// <summary>
    /// Commits the open transaction with <paramref name="offsets"/> (the next offset to read per input partition): sends
    /// them to the transaction with the group metadata, then commits. Nothing happens when no transaction is open and
    /// there are no offsets.
    /// </summary>
    /// <exception cref="TaskCorruptedException">An abortable error: the caller aborts and rewinds.</exception>
    /// <exception cref="TaskMigratedException">The group generation is stale: the caller aborts, rewinds and waits for the rebalance.</exception>
    /// <exception cref="StreamsException">A fatal producer error (fenced): the thread must end.</exception>
    public void CommitTransaction(IReadOnlyCollection<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata)
    {
        if (offsets.Count == 0 && !_inTransaction)
        {
            return;
        }

        MaybeBeginTransaction();
        try
        {
            if (offsets.Count > 0)
            {
                producer.SendOffsetsToTransaction(offsets, groupMetadata, timeout);
            }

            producer.CommitTransaction(timeout);
        }
        catch (KafkaException e)
        {
            throw Classify(e, "committing the transaction");
        }

        _inTransaction = false;
    }

    /// <summary>Aborts the open transaction, if any: a read_committed reader never sees what it holds.</summary>
    /// <exception cref="StreamsException">The abort failed (fatal producer error, timeout): the thread must end.</exception>
    public void AbortTransaction()
    {
        if (!_inTransaction)
        {
            return;
        }

        try
        {
            producer.AbortTransaction(timeout);
        }
        catch (KafkaException e)
        {
            throw new StreamsException($"Aborting the transaction of producer '{producer.Name}' failed: {e.Error.Code} {e.Error.Reason}.", e);
        }

        _inTransaction = false;
    }

    /// <summary>True for the errors after which a transactional producer is unusable: fenced, invalid epoch, fatal.</summary>
    public static bool IsFenced(Error error) =>
        error.IsFatal || error.Code is ErrorCode.ProducerFenced or ErrorCode.Local_Fenced or ErrorCode.InvalidProducerEpoch or ErrorCode.Local_Fatal
            or ErrorCode.TransactionCoordinatorFenced or ErrorCode.OutOfOrderSequenceNumber;

    /// <summary>True for the errors of a consumer group that moved on: this member's offsets belong to an older generation.</summary>
    public static bool IsGroupMigration(ErrorCode code) =>
        code is ErrorCode.RebalanceInProgress or ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId or ErrorCode.FencedInstanceId;

    private StreamsException Classify(KafkaException e, string action)
    {
        var what = $"{action} of producer '{producer.Name}' failed: {e.Error.Code} {e.Error.Reason}";
        if (ProducerFencedException.IsFencing(e.Error))
        {
            return new ProducerFencedException($"{what}. The producer was fenced; the stream thread ends and a new thread with a new producer replaces it.", e);
        }

        if (IsFenced(e.Error))
        {
            return new StreamsException($"{what}. The producer was fenced or failed fatally; the stream thread ends (a replacement thread gets a new producer).", e);
        }

        if (IsGroupMigration(e.Error.Code))
        {
            return new TaskMigratedException($"{what}. The consumer group moved on: the transaction is aborted and the tasks are rewound to the last commit.", e);
        }

        return new TaskCorruptedException($"{what}. The transaction is aborted and the tasks are rewound to the last commit.", e);
    }
}
