using Confluent.Kafka;

namespace Streams.TestDriver.Simulation;

/// <summary>
/// A producer on an <see cref="InMemoryKafkaCluster"/>, behind Confluent's <see cref="IProducer{TKey, TValue}"/>: each
/// record is appended at once and its delivery report handed to the handler before <c>Produce</c> returns (as Kafka's
/// <c>MockProducer</c> with <c>autoComplete=true</c>). Partitioning without a partition: murmur2 of the key modulo the
/// partition count (Kafka's <c>BuiltInPartitioner</c>/librdkafka's <c>murmur2_random</c>), round-robin for null keys.
/// With <c>transactional.id</c>: InitTransactions, Begin/Commit/AbortTransaction and SendOffsetsToTransaction as
/// Kafka's <c>TransactionManager</c> against the cluster's coordinator (KIP-98, KIP-447); a producer whose epoch was
/// bumped by another one with the same id is fenced (fatal <see cref="ErrorCode.ProducerFenced"/>).
/// </summary>
internal sealed class InMemoryProducer : IProducer<byte[], byte[]>
{
    private readonly InMemoryKafkaCluster _cluster;
    private readonly string? _transactionalId;
    private readonly long _transactionTimeoutMs;
    private readonly Dictionary<string, int> _roundRobin = new(StringComparer.Ordinal);
    private InMemoryKafkaCluster.TransactionalIdState? _txn;
    private short _epoch = -1;
    private long _producerId;
    private OpenTransaction? _current;
    private readonly ClientLifetime _lifetime;
    private bool _disposed;
    private readonly bool _idempotent;
    private int _coordinatorEpoch;

    public InMemoryProducer(InMemoryKafkaCluster cluster, ProducerConfig config, ClientLifetime? lifetime = null)
    {
        _lifetime = lifetime ?? new ClientLifetime();
        _cluster = cluster;
        _transactionalId = string.IsNullOrEmpty(config.TransactionalId) ? null : config.TransactionalId;
        _transactionTimeoutMs = config.TransactionTimeoutMs ?? 60_000;
        Name = $"{config.ClientId ?? "rdkafka"}#producer-{cluster.NextClientNumber()}";
        _idempotent = _transactionalId is not null || config.EnableIdempotence == true;
        lock (cluster.Gate)
        {
            _producerId = cluster.NewProducerId();
            _coordinatorEpoch = cluster.CoordinatorEpoch;
        }
    }

    public Handle Handle => throw new NotSupportedException("An in-memory client has no librdkafka handle; ask the IKafkaClientSupplier for a dependent admin client.");

    public string Name { get; }

    public int AddBrokers(string brokers) => 0;

    public void SetSaslCredentials(string username, string password)
    {
    }

    public void Produce(string topic, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>>? deliveryHandler = null) =>
        Produce(new TopicPartition(topic, Partition.Any), message, deliveryHandler);

    public void Produce(TopicPartition topicPartition, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>>? deliveryHandler = null)
    {
        var report = Append(topicPartition, message);
        deliveryHandler?.Invoke(report);
    }

    public Task<DeliveryResult<byte[], byte[]>> ProduceAsync(string topic, Message<byte[], byte[]> message, CancellationToken cancellationToken = default) =>
        ProduceAsync(new TopicPartition(topic, Partition.Any), message, cancellationToken);

    public Task<DeliveryResult<byte[], byte[]>> ProduceAsync(TopicPartition topicPartition, Message<byte[], byte[]> message, CancellationToken cancellationToken = default)
    {
        var report = Append(topicPartition, message);
        return report.Error.IsError
            ? Task.FromException<DeliveryResult<byte[], byte[]>>(new ProduceException<byte[], byte[]>(report.Error, report))
            : Task.FromResult<DeliveryResult<byte[], byte[]>>(report);
    }

    public int Poll(TimeSpan timeout) => 0;

    public int Flush(TimeSpan timeout) => 0;

    public void Flush(CancellationToken cancellationToken = default)
    {
    }

    public void InitTransactions(TimeSpan timeout)
    {
        var id = _transactionalId ?? throw new KafkaException(new Error(ErrorCode.Local_NotConfigured, "The Transactional API requires transactional.id to be configured"));
        _cluster.Yield("init producer id");
        lock (_cluster.Gate)
        {
            ThrowIfDisposed();
            _cluster.ExpireTransactions();
            _txn = _cluster.InitProducerId(id);
            _epoch = _txn.Epoch;
            _producerId = _txn.ProducerId;
            _current = null;
        }
    }

    public void BeginTransaction()
    {
        lock (_cluster.Gate)
        {
            var txn = CheckFenced();
            if (_current is not null)
            {
                throw new KafkaException(new Error(ErrorCode.Local_State, "Operation not valid in state InTransaction"));
            }

            _current = txn.Current = new OpenTransaction(_producerId) { DeadlineMs = _cluster.NowMs + _transactionTimeoutMs };
        }
    }

    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        if (groupMetadata is not InMemoryConsumerGroupMetadata metadata)
        {
            throw new ArgumentException("The group metadata must come from a consumer of the same InMemoryKafkaCluster.", nameof(groupMetadata));
        }

        while (true)
        {
            _cluster.Yield("txn offset commit");
            lock (_cluster.Gate)
            {
                CheckFenced();
                var current = _current ?? throw new KafkaException(new Error(ErrorCode.Local_State, "Operation not valid in state Ready"));
                if (!CoordinatorMoved() && !RetriableFault(InMemoryRequest.TxnOffsetCommit, "TxnOffsetCommit"))
                {
                    // KIP-447: the coordinator checks the member and generation of TxnOffsetCommit as of a plain commit, but not the group's state.
                    var error = InMemoryKafkaCluster.CommitError(_cluster.Group(metadata.GroupId), metadata.MemberId, metadata.GenerationId, transactional: true);
                    if (error != ErrorCode.NoError)
                    {
                        throw new KafkaTxnRequiresAbortException(new Error(error, $"TxnOffsetCommit refused: {error}"));
                    }

                    if (!current.Offsets.TryGetValue(metadata.GroupId, out var pending))
                    {
                        current.Offsets[metadata.GroupId] = pending = [];
                    }

                    foreach (var o in offsets)
                    {
                        pending[o.TopicPartition] = o.Offset.Value;
                    }

                    return;
                }
            }

            // Kafka's TransactionManager re-enqueues the TxnOffsetCommit after the backoff (looking the coordinator up first on NOT_COORDINATOR).
            _cluster.Backoff("txn offset commit backoff");
        }
    }

    public void CommitTransaction(TimeSpan timeout) => EndTransaction(commit: true);

    public void CommitTransaction() => EndTransaction(commit: true);

    public void AbortTransaction(TimeSpan timeout) => EndTransaction(commit: false);

    public void AbortTransaction() => EndTransaction(commit: false);

    public void Dispose()
    {
        // Kafka's producer leaves an open transaction to the coordinator (aborted at transaction.timeout.ms or by the next epoch).
        _disposed = true;
    }

    private void EndTransaction(bool commit)
    {
        while (true)
        {
            _cluster.Yield(commit ? "end txn (commit)" : "end txn (abort)");
            lock (_cluster.Gate)
            {
                var txn = CheckFenced();
                var current = _current ?? throw new KafkaException(new Error(ErrorCode.Local_State, "Operation not valid in state Ready"));
                if (current.State != InMemoryTransactionState.Open)
                {
                    // The coordinator aborted it (transaction.timeout.ms): the producer is fenced, as KIP-588's bumped epoch.
                    throw Fenced();
                }

                if (!RetriableFault(InMemoryRequest.EndTxn, commit ? "EndTxn (commit)" : "EndTxn (abort)"))
                {
                    _cluster.EndTransaction(current, commit);
                    txn.Current = null;
                    _current = null;
                    return;
                }
            }

            // Kafka's TransactionManager#EndTxnHandler re-enqueues the request on retriable coordinator errors.
            _cluster.Backoff("end txn backoff");
        }
    }

    /// <summary>Under the cluster's lock: the group coordinator moved since this producer last found it (see <see cref="InMemoryKafkaCluster.MoveGroupCoordinator"/>).</summary>
    private bool CoordinatorMoved() => _cluster.CoordinatorMovedFor(ref _coordinatorEpoch, Name, "TxnOffsetCommit");

    /// <summary>Under the cluster's lock: an injected retriable coordinator error for <paramref name="request"/> (true: back off and retry); any other is thrown as abortable.</summary>
    private bool RetriableFault(InMemoryRequest request, string what)
    {
        if (_cluster.TakeRetriableFault(request, Name, what, out var fault) || fault == ErrorCode.NoError)
        {
            return fault != ErrorCode.NoError;
        }

        _cluster.Observe($"{Name}: {what} failed with {fault}");
        throw new KafkaTxnRequiresAbortException(new Error(fault, $"{what} failed: {fault} (injected)"));
    }

    private InMemoryKafkaCluster.TransactionalIdState CheckFenced()
    {
        ThrowIfDisposed();
        var txn = _txn ?? throw new KafkaException(new Error(ErrorCode.Local_State, "InitTransactions has not been called"));
        return txn.Epoch != _epoch ? throw Fenced() : txn;
    }

    private KafkaException Fenced() => new(new Error(
        ErrorCode.ProducerFenced, $"Producer fenced: transactional.id '{_transactionalId}' epoch {_epoch} was superseded (epoch {_txn?.Epoch})", isFatal: true));

    private DeliveryReport<byte[], byte[]> Append(TopicPartition requested, Message<byte[], byte[]> message)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(message);
        _cluster.Yield("produce");
        lock (_cluster.Gate)
        {
            ThrowIfDisposed();
            var topic = _cluster.Topic(requested.Topic, autoCreate: true)
                ?? throw new ProduceException<byte[], byte[]>(new Error(ErrorCode.Local_UnknownTopic, $"Unknown topic {requested.Topic}"), Report(requested, message, Offset.Unset, ErrorCode.Local_UnknownTopic));
            var partition = requested.Partition == Partition.Any ? Partitioner(topic.Name, message.Key, topic.Partitions.Count) : requested.Partition.Value;
            var tp = new TopicPartition(topic.Name, partition);
            if (partition < 0 || partition >= topic.Partitions.Count)
            {
                throw new ProduceException<byte[], byte[]>(new Error(ErrorCode.Local_UnknownPartition, $"Unknown partition {tp}"), Report(tp, message, Offset.Unset, ErrorCode.Local_UnknownPartition));
            }

            OpenTransaction? transaction = null;
            if (_transactionalId is not null)
            {
                if (_txn is null || _current is null)
                {
                    throw new ProduceException<byte[], byte[]>(new Error(ErrorCode.Local_State, "No transaction in progress"), Report(tp, message, Offset.Unset, ErrorCode.Local_State));
                }

                if (_txn.Epoch != _epoch || _current.State != InMemoryTransactionState.Open)
                {
                    // The broker refuses the zombie's batch (InvalidProducerEpoch / ProducerFenced): a failed delivery.
                    return Report(tp, message, Offset.Unset, ErrorCode.ProducerFenced);
                }

                transaction = _current;
            }

            var log = topic.Partitions[partition];
            var timestamp = message.Timestamp.Type == TimestampType.NotAvailable
                ? new Timestamp(_cluster.NowMs, TimestampType.CreateTime)
                : new Timestamp(message.Timestamp.UnixTimestampMs, TimestampType.CreateTime);
            var entry = log.Append(timestamp, message.Key, message.Value, message.Headers is null ? [] : Copy(message.Headers), _producerId, transaction);
            if (_cluster.TakeFault(InMemoryRequest.Produce) is var fault && fault != ErrorCode.NoError)
            {
                // The leader wrote the batch but the answer was lost (REQUEST_TIMED_OUT): the Sender retries it. An idempotent
                // producer's retry carries the same sequence number and is deduplicated (KIP-98); a plain producer's is written again.
                if (!_idempotent)
                {
                    entry = log.Append(timestamp, message.Key, message.Value, message.Headers is null ? [] : Copy(message.Headers), _producerId, transaction);
                }

                _cluster.Observe($"{Name}: produce to {tp} failed with {fault}; retried{(_idempotent ? " (deduplicated)" : ", written twice")}");
            }

            if (transaction is not null)
            {
                InMemoryKafkaCluster.AddPartition(transaction, log, entry.Offset);
            }

            _cluster.Pulse();
            message.Timestamp = timestamp;
            return Report(tp, message, entry.Offset, ErrorCode.NoError);
        }
    }

    private static Headers Copy(Headers headers)
    {
        var copy = new Headers();
        foreach (var h in headers)
        {
            copy.Add(h.Key, h.GetValueBytes());
        }

        return copy;
    }

    private static DeliveryReport<byte[], byte[]> Report(TopicPartition tp, Message<byte[], byte[]> message, Offset offset, ErrorCode error) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset(tp, offset),
        Message = message,
        Status = error == ErrorCode.NoError ? PersistenceStatus.Persisted : PersistenceStatus.NotPersisted,
        Error = error == ErrorCode.NoError ? new Error(ErrorCode.NoError) : new Error(error, error.ToString(), error == ErrorCode.ProducerFenced),
    };

    private int Partitioner(string topic, byte[]? key, int partitions)
    {
        if (key is null)
        {
            var next = _roundRobin.GetValueOrDefault(topic);
            _roundRobin[topic] = next + 1;
            return next % partitions;
        }

        return (Murmur2.Hash(key) & 0x7fffffff) % partitions;
    }

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _lifetime.ThrowIfCrashed();
    }
}

/// <summary>Kafka's <c>Utils.murmur2</c> (seed 0x9747b28c), the hash of its default partitioner and librdkafka's <c>murmur2</c>.</summary>
internal static class Murmur2
{
    public static int Hash(byte[] data)
    {
        const uint m = 0x5bd1e995;
        const int r = 24;
        var length = data.Length;
        var h = 0x9747b28c ^ (uint)length;
        var length4 = length / 4;
        for (var i = 0; i < length4; i++)
        {
            var i4 = i * 4;
            var k = data[i4] | ((uint)data[i4 + 1] << 8) | ((uint)data[i4 + 2] << 16) | ((uint)data[i4 + 3] << 24);
            k *= m;
            k ^= k >> r;
            k *= m;
            h *= m;
            h ^= k;
        }

        var tail = length4 * 4;
        switch (length % 4)
        {
            case 3:
                h ^= (uint)data[tail + 2] << 16;
                goto case 2;
            case 2:
                h ^= (uint)data[tail + 1] << 8;
                goto case 1;
            case 1:
                h ^= data[tail];
                h *= m;
                break;
        }

        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return (int)h;
    }
}

/// <summary>A consumer's group metadata for SendOffsetsToTransaction (Kafka's <c>ConsumerGroupMetadata</c>, KIP-447): group, generation and member id.</summary>
/// <param name="GroupId">The group.</param>
/// <param name="GenerationId">The member's generation (-1 outside a group).</param>
/// <param name="MemberId">The member id (empty outside a group).</param>
internal sealed record InMemoryConsumerGroupMetadata(string GroupId, int GenerationId, string MemberId) : IConsumerGroupMetadata;
