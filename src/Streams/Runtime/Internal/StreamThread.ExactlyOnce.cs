using Confluent.Kafka;

namespace Streams.Runtime.Internal;

/// <content>Exactly-once v2: the transactional producer's start, and abort-and-rewind after a failed transaction.</content>
internal sealed partial class StreamThread
{
    /// <summary>Under exactly-once, registers the thread's <c>transactional.id</c> before it joins the group (bounded by <see cref="StreamsOptions.FlushTimeout"/>).</summary>
    private void InitTransactions()
    {
        if (!_streamsProducer.ExactlyOnce)
        {
            return;
        }

        _streamsProducer.InitTransactions();
        Log.TransactionsInitialized(_logger, _name, _producer.Name, _transactionalId!);
    }

    /// <summary>
    /// The open transaction failed (<see cref="TaskCorruptedException"/>) or the group moved on (<see cref="TaskMigratedException"/>):
    /// aborts it, forgets the send error, and rewinds every task to the last commit (stores back to the committed state,
    /// input re-read from the committed offsets), as Kafka Streams' <c>handleCorruption</c>. After a migration the thread
    /// then only polls until the rebalance revokes or assigns its partitions. A failed abort ends the thread.
    /// </summary>
    private void AbortAndRewind(StreamsException cause)
    {
        var migrated = cause is TaskMigratedException;
        _streamsProducer.AbortTransaction();
        _collector.ResetAfterAbort();
        var committed = new Dictionary<TopicPartition, long>(_committed);
        var tasks = _tasks.RewindAll(_consumer, committed, _cancellation);
        var offsets = LogFormat.Offsets(committed.OrderBy(kv => kv.Key.Topic, StringComparer.Ordinal));
        if (migrated)
        {
            _groupMigrating = true;
            Log.TransactionAbortedOnMigration(_logger, LogFormat.List(tasks), offsets, cause);
        }
        else
        {
            Log.TransactionAborted(_logger, LogFormat.List(tasks), offsets, cause);
        }

        TasksChanged?.Invoke([.. _tasks.Tasks.Select(t => t.Id)]);
    }

    /// <summary>A commit right before the tasks close failed under exactly-once: abort; the tasks then close without a checkpoint of uncommitted state.</summary>
    private void AbortOnClose(StreamsException cause)
    {
        if (cause is not ProducerFencedException)
        {
            _streamsProducer.AbortTransaction();
        }

        _collector.ResetAfterAbort();
        Log.TransactionAbortedOnClose(_logger, LogFormat.List(_tasks.Tasks.Select(t => t.Id)), cause);
    }
}
