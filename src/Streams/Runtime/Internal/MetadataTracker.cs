using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Internal;
using Streams.Processor;
using Streams.Queries;

namespace Streams.Runtime.Internal;

/// <summary>
/// Keeps this instance's view of which instance runs which task, for <c>QueryMetadataForKey</c> and friends.
/// An instance with <see cref="StreamsOptions.ApplicationServer"/> announces its endpoint and tasks on the metadata
/// topic (<see cref="InstanceMetadataTopic"/>) after every assignment and revocation, and a tombstone when it stops;
/// every instance reads the topic from the beginning on a background thread into an
/// <see cref="InstanceMetadataView"/>, whose latest <see cref="MetadataSnapshot"/> queries read lock-free.
/// </summary>
internal sealed class MetadataTracker : IDisposable
{
    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_retryBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_closeTimeout = TimeSpan.FromSeconds(10);
    private const int MaxRecordsPerBatch = 500;

    private readonly string _topic;
    private readonly ILogger _logger;
    private readonly Guid _instanceId = Guid.NewGuid();
    private readonly IKafkaClientSupplier _supplier;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly IProducer<byte[], byte[]>? _producer;
    private readonly ConcurrentDictionary<string, int> _partitionCounts;
    private readonly InstanceMetadataView _view = new();
    private readonly object _gate = new();
    private readonly object _adminGate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _reader;
    private readonly IStreamsThreadRunner _runner;
    private IAdminClient? _admin;
    private InstanceAnnouncement? _local;
    private IReadOnlySet<TaskId> _localStandby = new HashSet<TaskId>();
    private volatile IReadOnlySet<TaskId> _localActive = new HashSet<TaskId>();
    private long _sequence;
    private volatile MetadataSnapshot _snapshot = MetadataSnapshot.Empty;
    private bool _disposed;

    /// <summary>Creates the tracker and starts reading the metadata topic.</summary>
    /// <param name="builder">The topology.</param>
    /// <param name="options">The application's options (application id, endpoint, client settings).</param>
    /// <param name="partitionCounts">Partition counts of the topics known at startup (source and internal topics).</param>
    /// <param name="logger">The application's logger.</param>
    public MetadataTracker(Processor.Internal.InternalTopologyBuilder builder, StreamsOptions options, IReadOnlyDictionary<string, int> partitionCounts, ILogger logger)
    {
        _topic = InternalTopicNames.Metadata(options.ApplicationId);
        _logger = logger;
        Topology = new TopologyMetadata(builder, options.ApplicationId);
        LocalHost = options.ApplicationServer is null ? null : HostInfo.Parse(options.ApplicationServer);
        _partitionCounts = new ConcurrentDictionary<string, int>(partitionCounts.Where(kv => kv.Value > 0), StringComparer.Ordinal);
        var clientPrefix = $"{options.ApplicationId}-metadata";
        _supplier = options.ClientSupplier;
        _consumer = _supplier.GetRestoreConsumer(
            ClientRequests.Consumer(KafkaClientRole.MetadataConsumer, ClientConfigs.AssignOnlyConsumer(options, clientPrefix + "-reader"), options, _logger));
        if (LocalHost is not null)
        {
            var config = ClientConfigs.Producer(options, clientPrefix + "-producer");
            config.TransactionalId = null;
            config.MaxInFlight = 1; // announcements of one instance must land in the order they were made
            _producer = _supplier.GetProducer(ClientRequests.Producer(KafkaClientRole.MetadataProducer, config, options, _logger));
        }

        _runner = options.ThreadRunner;
        _reader = _runner.CreateThread($"{options.ApplicationId}-MetadataReader", ReadLoop);
        _reader.Start();
    }

    /// <summary>The topology's store and task layout.</summary>
    public TopologyMetadata Topology { get; }

    /// <summary>This instance's endpoint, or null when it has no <see cref="StreamsOptions.ApplicationServer"/>.</summary>
    public HostInfo? LocalHost { get; }

    /// <summary>This instance's id in the metadata topic (a new one per run).</summary>
    public Guid InstanceId => _instanceId;

    /// <summary>The active tasks this instance announced last (empty before its first announcement); the same object until the next announcement.</summary>
    public IReadOnlySet<TaskId> LocalActiveTasks => _localActive;

    /// <summary>The latest view of the instances and task owners.</summary>
    public MetadataSnapshot Snapshot => _snapshot;

    /// <summary>
    /// Announces this instance's active tasks (called by the stream thread after tasks are created, and with none
    /// after a revocation). Does nothing without <see cref="StreamsOptions.ApplicationServer"/>. Never throws: a
    /// failed announcement is logged and others keep the previous one.
    /// </summary>
    /// <param name="active">The active tasks now running.</param>
    public void OnTasksChanged(IReadOnlyCollection<TaskId> active)
    {
        if (_producer is null || LocalHost is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _localActive = active.ToHashSet();
            AnnounceLocked();
        }
    }

    /// <summary>
    /// Announces this instance's standby tasks along with its active ones (called by the standby updater when they
    /// change). Does nothing without <see cref="StreamsOptions.ApplicationServer"/> or when the set is unchanged.
    /// </summary>
    /// <param name="standby">The standby tasks now kept here.</param>
    public void OnStandbyTasksChanged(IReadOnlySet<TaskId> standby)
    {
        if (_producer is null || LocalHost is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed || standby.SetEquals(_localStandby))
            {
                return;
            }

            _localStandby = standby.ToHashSet();
            AnnounceLocked();
        }
    }

    private void AnnounceLocked()
    {
        _local = new InstanceAnnouncement(LocalHost!, _localActive, _localStandby, ++_sequence);
        Send(InstanceMetadataTopic.Value(_instanceId, LocalHost!, _local.Active, _local.Standby, _local.Sequence));
        Log.MetadataAnnounced(_logger, LogFormat.List(_local.Active.Order()), LogFormat.List(_local.Standby.Order()), _instanceId, LocalHost!.ToString(), _local.Sequence, _topic);
        _snapshot = _view.Snapshot(_instanceId, _local);
    }

    /// <summary>
    /// The partition count of a (decorated) topic: as known at startup, else asked from the broker (topics the
    /// broker created after startup); null while the broker does not know the topic.
    /// </summary>
    public int? PartitionCount(string topic)
    {
        if (_partitionCounts.TryGetValue(topic, out var known))
        {
            return known;
        }

        lock (_adminGate)
        {
            if (_disposed)
            {
                return null;
            }

            try
            {
                _admin ??= _supplier.GetDependentAdmin(_consumer);
                foreach (var t in _admin.GetMetadata(TimeSpan.FromSeconds(5)).Topics.Where(t => t.Error.Code == ErrorCode.NoError && t.Partitions.Count > 0))
                {
                    _partitionCounts[t.Topic] = t.Partitions.Count;
                }
            }
            catch (KafkaException e)
            {
                Log.MetadataReadFailed(_logger, topic, e.Error.Reason);
            }
        }

        return _partitionCounts.TryGetValue(topic, out var count) ? count : null;
    }

    /// <summary>Announces the tombstone (when this instance announced), stops the reader and closes the clients.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_producer is not null && _local is not null)
            {
                Send(null);
                _local = null;
            }
        }

        _stop.Cancel();
        _runner.Join(_reader, s_closeTimeout);
        if (_producer is not null)
        {
            _producer.Flush(s_closeTimeout);
            _producer.Dispose();
        }

        lock (_adminGate)
        {
            _admin?.Dispose();
        }

        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Send(byte[]? value)
    {
        try
        {
            _producer!.Produce(
                new TopicPartition(_topic, InstanceMetadataTopic.Partition),
                new Message<byte[], byte[]> { Key = InstanceMetadataTopic.Key(_instanceId), Value = value! },
                report =>
                {
                    if (report.Error.IsError)
                    {
                        Log.MetadataPublishFailed(_logger, _topic, report.Error.Reason);
                    }
                });
        }
        catch (KafkaException e)
        {
            Log.MetadataPublishFailed(_logger, _topic, e.Error.Reason);
        }
    }

    private void ReadLoop()
    {
        var cancellation = _stop.Token;
        try
        {
            _consumer.Assign(new TopicPartitionOffset(_topic, InstanceMetadataTopic.Partition, Offset.Beginning));
        }
        catch (KafkaException e)
        {
            Log.MetadataReadFailed(_logger, _topic, e.Error.Reason);
            return;
        }

        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                var result = _consumer.Consume(s_pollTimeout);
                if (result is null)
                {
                    continue;
                }

                lock (_gate)
                {
                    var changed = false;
                    for (var n = 0; result is not null; n++)
                    {
                        changed |= Apply(result);
                        result = n + 1 < MaxRecordsPerBatch ? _consumer.Consume(TimeSpan.Zero) : null;
                    }

                    if (changed)
                    {
                        _snapshot = _view.Snapshot(_instanceId, _local);
                    }
                }
            }
            catch (KafkaException e)
            {
                // The topic may not exist yet (no instance announced) or the broker is away: keep trying.
                Log.MetadataReadFailed(_logger, _topic, e.Error.Reason);
                cancellation.WaitHandle.WaitOne(s_retryBackoff);
            }
            catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
            {
                // Disposed while polling: the tracker is stopping.
                return;
            }
        }
    }

    private bool Apply(ConsumeResult<byte[], byte[]> result)
    {
        if (result.IsPartitionEOF)
        {
            return false;
        }

        if (!InstanceMetadataTopic.TryRead(result.Message.Key, result.Message.Value, out var instanceId, out var announcement))
        {
            Log.MetadataRecordMalformed(_logger, result.Offset.Value, _topic);
            return false;
        }

        return _view.Apply(result.Offset.Value, instanceId, announcement);
    }
}
