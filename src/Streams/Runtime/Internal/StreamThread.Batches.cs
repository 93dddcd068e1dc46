using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Processor.Internal;

namespace Streams.Runtime.Internal;

/// <content>
/// Reading the main consumer in batches straight from librdkafka (<see cref="LibrdkafkaBatchReader"/>,
/// <c>rd_kafka_consume_batch_queue</c> on the consumer's queue) instead of one <c>Consume</c> call per record. The batch
/// call serves what <c>Consume</c> serves from the same queue: the rebalance callbacks Confluent.Kafka registered (so the
/// assigned, revoked and lost handlers run inside it, on this thread, as inside <c>Consume</c>), error, log and
/// statistics callbacks, and <c>max.poll.interval.ms</c> bookkeeping; it advances positions as records are handed out and
/// drops records of partitions whose fetch was stopped (revoked, seeked) within the call. After each batch, as after each
/// <c>Consume</c>: a handler's failure is rethrown, the queued companion changes are applied, records of released
/// partitions are dropped; the records are copied into the tasks' queues and the batch's native messages destroyed.
/// End-of-partition events are skipped; an error event throws <see cref="ConsumeException"/> as <c>Consume</c> does (fatal
/// errors marked fatal). Without a Confluent.Kafka consumer on Streams' librdkafka the thread reads with <c>Consume</c>.
/// </content>
internal sealed partial class StreamThread
{
    private LibrdkafkaBatchReader? _batchReader;

    /// <summary>Reads up to <see cref="StreamsOptions.MaxPollRecords"/> records in batches and buffers them in their tasks.</summary>
    private void PollBatchesAndBuffer(LibrdkafkaBatchReader reader)
    {
        var max = _options.MaxPollRecords;
        var timeout = _options.PollTimeout;
        for (var taken = 0; taken < max; timeout = TimeSpan.Zero)
        {
            var n = reader.Read(timeout, max - taken);
            ThrowCallbackFailure();
            _assignment?.Apply(_consumer);
            try
            {
                BufferBatch(reader, n);
            }
            finally
            {
                // The records are copied: free librdkafka's fetch buffers now rather than at the next read.
                reader.ReleaseRecords();
            }

            if (n == 0)
            {
                return;
            }

            taken += n;
        }
    }

    private void BufferBatch(LibrdkafkaBatchReader reader, int n)
    {
        // Records of a batch come in runs of one partition: the task is looked up once per run.
        var lastTopic = IntPtr.Zero;
        var lastPartition = -1;
        var topic = string.Empty;
        StreamTask? task = null;
        for (var i = 0; i < n; i++)
        {
            var record = reader[i];
            if (record.TopicHandle != lastTopic || record.Partition != lastPartition)
            {
                lastTopic = record.TopicHandle;
                lastPartition = record.Partition;
                topic = record.Topic;
                task = OwnerOf(topic, lastPartition);
            }

            if (task is null)
            {
                continue;
            }

            var skippedBefore = task.SkippedCount;
            task.AddRecord(reader.ToConsumeResult(i, topic));
            _skipped += task.SkippedCount - skippedBefore;
        }
    }

    /// <summary>
    /// The task of a record's partition, or null to drop the record: a partition this thread released (cooperative), or one
    /// no longer assigned at all (given up by a rebalance callback that ran within the same batch call; its next owner reads
    /// it from the last commit). A record of a partition still assigned but owned by no task is an error, as before.
    /// </summary>
    private StreamTask? OwnerOf(string topic, int partition)
    {
        if (_tasks.TryGetTask(topic, partition, out var task))
        {
            return IsReleased(topic, partition) ? null : task;
        }

        if (IsReleased(topic, partition) || !_consumer.Assignment.Contains(new TopicPartition(topic, partition)))
        {
            return null;
        }

        return _tasks.TaskFor(topic, partition);
    }
}

/// <summary>How a stream thread reads its records (1030).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1030, Level = LogLevel.Debug, Message = "Stream thread {Thread} reads its records in {How}.")]
    public static partial void MainLoopReads(ILogger logger, string thread, string how);
}
