using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Internal;

namespace Streams.Runtime.Internal;

/// <summary>
/// One stream thread, as Kafka Streams' <c>StreamThread</c>: a consumer in the application's group, a
/// producer, and the tasks of the partitions assigned to it. Loop: poll a batch, buffer it in the tasks,
/// process every buffered record in timestamp order per task, fire wall-clock punctuations, update global
/// stores, and commit every <see cref="StreamsOptions.CommitInterval"/>. Runs on its own OS thread
/// because the Confluent consumer blocks.
/// </summary>
internal sealed class StreamThread
{
    private readonly StreamsOptions _options;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly IConsumer<byte[], byte[]> _restoreConsumer;
    private readonly KafkaRecordCollector _collector;
    private readonly TaskManager _tasks;
    private readonly GlobalStateUpdater? _global;
    private readonly ILogger _logger;
    private readonly Action<StreamsState> _setState;
    private readonly Dictionary<TopicPartition, long> _committed = [];
    private long _commits;
    private long _processed;
    private long _skipped;
    private CancellationToken _cancellation;
    private bool _shuttingDown;

    public StreamThread(
        Processor.Internal.InternalTopologyBuilder builder,
        StreamsOptions options,
        StateDirectory stateDirectory,
        GlobalStateUpdater? global,
        ILogger logger,
        Action<StreamsState> setState)
    {
        _options = options;
        _global = global;
        _logger = logger;
        _setState = setState;
        var clientPrefix = $"{options.ApplicationId}-StreamThread-1";
        _consumer = new ConsumerBuilder<byte[], byte[]>(ClientConfigs.MainConsumer(options, clientPrefix + "-consumer"))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions))
            .SetErrorHandler((_, e) => Log.ClientError(_logger, e.Reason, e.IsFatal))
            .Build();
        _producer = new ProducerBuilder<byte[], byte[]>(ClientConfigs.Producer(options, clientPrefix + "-producer"))
            .SetErrorHandler((_, e) => Log.ClientError(_logger, e.Reason, e.IsFatal))
            .Build();
        _restoreConsumer = new ConsumerBuilder<byte[], byte[]>(ClientConfigs.AssignOnlyConsumer(options, clientPrefix + "-restore-consumer")).Build();
        _collector = new KafkaRecordCollector(_producer, options.FlushTimeout, options.TimeProvider);
        var restorer = new ChangelogRestorer(_restoreConsumer, stateDirectory, logger, TimeSpan.FromSeconds(60), new RestoreReporter(options.StateRestoreListener, logger));
        _tasks = new TaskManager(builder, options, stateDirectory, _collector, restorer, global?.Stores ?? new Dictionary<string, State.IStateStore>(), logger);
    }

    public StreamsProgress Progress { get; private set; } = StreamsProgress.Empty;

    public void Run(CancellationToken cancellationToken)
    {
        _cancellation = cancellationToken;
        var time = _options.TimeProvider;
        var lastCommit = time.GetUtcNow();
        var clean = false;
        try
        {
            _consumer.Subscribe(_tasks.SourceTopics);
            while (!cancellationToken.IsCancellationRequested)
            {
                PollAndBuffer();
                var commitRequested = false;
                foreach (var task in _tasks.Tasks)
                {
                    while (task.Process())
                    {
                        _processed++;
                    }

                    task.PunctuateWallClock();
                    commitRequested |= task.Context.CommitRequested;
                }

                _global?.Poll(_options.MaxPollRecords);
                var now = time.GetUtcNow();
                if (commitRequested || now - lastCommit >= _options.CommitInterval)
                {
                    CommitAll();
                    lastCommit = now;
                }

                PublishProgress();
            }

            _shuttingDown = true;
            _setState(StreamsState.PendingShutdown);
            CommitAll();
            clean = true;
        }
        finally
        {
            // Never let a cleanup failure hide the exception that stopped the thread.
            _shuttingDown = true;
            PublishProgress();
            Quietly(_tasks.CloseAll);
            if (clean)
            {
                Quietly(_consumer.Close);
            }

            Quietly(_consumer.Dispose);
            Quietly(() => _producer.Flush(TimeSpan.FromSeconds(5)));
            Quietly(_producer.Dispose);
            Quietly(_restoreConsumer.Dispose);
            Log.ShutdownComplete(_logger, _processed, _commits);
        }
    }

    private void PollAndBuffer()
    {
        var result = _consumer.Consume(_options.PollTimeout);
        for (var n = 0; result is not null; n++)
        {
            if (!result.IsPartitionEOF)
            {
                var task = _tasks.TaskFor(result.Topic, result.Partition.Value);
                var skippedBefore = task.SkippedCount;
                task.AddRecord(result);
                _skipped += task.SkippedCount - skippedBefore;
            }

            if (n + 1 >= _options.MaxPollRecords)
            {
                break;
            }

            result = _consumer.Consume(TimeSpan.Zero);
        }
    }

    private void CommitAll()
    {
        var count = _tasks.Commit(_consumer);
        if (count > 0)
        {
            _commits++;
            StreamsMetrics.Commits.Add(1);
        }

        foreach (var task in _tasks.Tasks)
        {
            foreach (var (tp, next) in task.CommittableOffsets)
            {
                _committed[tp] = next;
            }
        }
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        _setState(StreamsState.Rebalancing);
        var committedOffsets = new Dictionary<TopicPartition, long>();
        foreach (var committed in _consumer.Committed(partitions, TimeSpan.FromSeconds(30)))
        {
            committedOffsets[committed.TopicPartition] = committed.Offset.Value < 0 ? 0 : committed.Offset.Value;
            _committed[committed.TopicPartition] = committedOffsets[committed.TopicPartition];
        }

        _tasks.CreateTasks(partitions, committedOffsets, _cancellation);

        _setState(StreamsState.Running);
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions)
    {
        if (!_shuttingDown)
        {
            _setState(StreamsState.Rebalancing);
        }

        var ids = string.Join(", ", _tasks.Tasks.Select(t => t.Id));
        CommitAll();
        _tasks.CloseAll();
        foreach (var tp in partitions)
        {
            _committed.Remove(tp.TopicPartition);
        }

        if (ids.Length > 0)
        {
            Log.TasksRevoked(_logger, ids);
        }
    }

    private void Quietly(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is KafkaException or ObjectDisposedException or InvalidOperationException or StreamsException or IOException)
        {
            _logger.LogWarning(e, "Ignored a failure while shutting down the stream thread.");
        }
    }

    private void PublishProgress()
    {
        var partitions = _committed.Select(kv =>
        {
            long high;
            try
            {
                high = _consumer.GetWatermarkOffsets(kv.Key).High.Value;
            }
            catch (KafkaException)
            {
                high = -1;
            }

            return new PartitionProgress(kv.Key, kv.Value, high < 0 ? -1 : high);
        }).ToList();
        Progress = new StreamsProgress(_processed, _skipped, _collector.Produced, _commits, partitions);
    }
}
