using System.Runtime.InteropServices;
using Confluent.Kafka;
using Streams.EmbeddedKafka.Internal;
using Streams.Runtime.Internal;

namespace Streams.EmbeddedKafka;

/// <summary>
/// An in-process Kafka cluster for tests, examples and local runs: librdkafka's mock cluster
/// (rdkafka_mock.h) started through its C API. Its brokers listen on 127.0.0.1 ephemeral ports and speak
/// the Kafka wire protocol, so any Kafka client, in this process or another, connects to
/// <see cref="BootstrapServers"/> while the instance lives.
/// </summary>
/// <remarks>
/// <para>
/// Supported as librdkafka 2.16's mock cluster: Produce, Fetch, ListOffsets, Metadata, consumer groups of
/// both protocols (classic JoinGroup/SyncGroup/Heartbeat/LeaveGroup, and KIP-848 ConsumerGroupHeartbeat for
/// <c>group.protocol=consumer</c>), OffsetCommit and OffsetFetch, FindCoordinator, the idempotent producer
/// and transactions (control markers are written, but read_committed consumers still see aborted records,
/// offsets sent with SendOffsetsToTransaction are dropped and a reused transactional.id does not fence; see
/// docs/embedded-broker.md). The classic protocol's initial rebalance delay is set to 0.
/// </para>
/// <para>
/// Limits, as librdkafka's mock cluster: CreateTopics, DeleteTopics and DescribeConfigs are not
/// implemented (AdminClient calls fail or time out), so create topics with <see cref="CreateTopic"/>.
/// A topic unknown to the cluster is auto-created with 4 partitions on first produce or metadata request.
/// Each partition keeps only its newest 5 MiB or 100,000 messages, whichever is hit first; older messages
/// are dropped silently (a consumer that falls behind that window stalls). There is no log compaction,
/// no retention by time, and nothing is persisted: all data is lost on <see cref="Dispose"/>.
/// </para>
/// <para>
/// Runs in the librdkafka of the librdkafka.redist package that Streams selects for this platform, the same
/// library instance Confluent.Kafka uses in this process. All members are thread-safe.
/// </para>
/// </remarks>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    /// <summary>The partition count librdkafka's mock cluster gives a topic it auto-creates on first use.</summary>
    public const int AutoCreatedTopicPartitions = 4;

    private readonly RdKafkaHandle _handle;
    private readonly MockClusterHandle _cluster;

    private EmbeddedKafkaCluster(int brokerCount)
    {
        // Surfaces the native library selection's own failure (every file tried and why) before any P/Invoke.
        LibrdkafkaLoader.Load();
        _handle = RdKafkaHandle.CreateProducer(new Dictionary<string, string>
        {
            ["client.id"] = "streams-embedded-kafka",
            // The owning handle never connects anywhere; keep its "no bootstrap.servers" notice quiet.
            ["log_level"] = "3",
        });
        try
        {
            _cluster = MockClusterHandle.Create(_handle, brokerCount);
            // A classic group's first join waits for group.initial.rebalance.delay.ms (3 s in the mock, as in Kafka);
            // 0 lets it complete in ~60 ms, as a test or local run wants.
            LibRdKafka.rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, 0);
            BootstrapServers = Marshal.PtrToStringUTF8(LibRdKafka.rd_kafka_mock_cluster_bootstraps(_cluster))
                ?? throw new InvalidOperationException("rd_kafka_mock_cluster_bootstraps returned null.");
        }
        catch
        {
            _cluster?.Dispose();
            _handle.Dispose();
            throw;
        }

        BrokerCount = brokerCount;
    }

    /// <summary>
    /// The cluster's bootstrap list for a client's <c>bootstrap.servers</c>: comma-separated
    /// <c>127.0.0.1:port</c> entries, one per broker.
    /// </summary>
    public string BootstrapServers { get; }

    /// <summary>The number of brokers; broker ids are <c>1</c> to <see cref="BrokerCount"/>.</summary>
    public int BrokerCount { get; }

    /// <summary>The version of the librdkafka library the cluster runs in, e.g. <c>2.16.0</c>.</summary>
    public static string LibrdkafkaVersion => LibRdKafka.Version;

    /// <summary>Starts a cluster of <paramref name="brokerCount"/> brokers, ready to accept connections on return.</summary>
    /// <param name="brokerCount">The number of brokers, at least 1. Default 1.</param>
    /// <returns>The running cluster; dispose it to stop the brokers.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="brokerCount"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">librdkafka could not create its handle or the cluster.</exception>
    /// <exception cref="DllNotFoundException">No build of the librdkafka.redist package loads on this platform; the
    /// message names the platform and each file tried with the reason.</exception>
    public static EmbeddedKafkaCluster Start(int brokerCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        return new EmbeddedKafkaCluster(brokerCount);
    }

    /// <summary>
    /// Creates a topic with exactly <paramref name="partitions"/> partitions (the mock cluster has no
    /// CreateTopics API, so this is the way to get a partition count other than 4). The topic is visible to
    /// Metadata requests on return.
    /// </summary>
    /// <param name="name">The topic name.</param>
    /// <param name="partitions">The partition count, at least 1.</param>
    /// <param name="replicationFactor">The replication factor, 1 to <see cref="BrokerCount"/>. Default 1.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    /// <exception cref="KafkaException">
    /// The cluster refused; <see cref="KafkaException.Error"/> carries the code and the message names
    /// librdkafka's error, e.g. <c>TOPIC_ALREADY_EXISTS</c> when the topic exists (also when it was auto-created).
    /// </exception>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, BrokerCount);
        ThrowIfDisposed();
        ThrowOnError(
            LibRdKafka.rd_kafka_mock_topic_create(_cluster, name, partitions, replicationFactor),
            $"rd_kafka_mock_topic_create(\"{name}\", {partitions}, {replicationFactor})");
    }

    /// <summary>
    /// Creates each topic that does not exist yet, with replication factor 1. Topics that already exist are
    /// left as they are (their partition count is not checked).
    /// </summary>
    /// <param name="topics">Topic names with their partition counts.</param>
    /// <exception cref="ArgumentNullException"><paramref name="topics"/> is null.</exception>
    /// <exception cref="ArgumentException">A name is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A partition count is less than 1.</exception>
    /// <exception cref="KafkaException">The cluster refused a topic for another reason than its existence.</exception>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    public void EnsureTopics(IEnumerable<(string Topic, int Partitions)> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        foreach (var (topic, partitions) in topics)
        {
            try
            {
                CreateTopic(topic, partitions);
            }
            catch (KafkaException e) when (e.Error.Code == ErrorCode.TopicAlreadyExists)
            {
                // Already there: keep it.
            }
        }
    }

    /// <summary>
    /// Takes a broker down, as librdkafka's <c>rd_kafka_mock_broker_set_down</c>: its connections are closed
    /// and new ones refused until <see cref="SetBrokerUp"/>. There is no failover: it stays the leader of its
    /// partitions and the coordinator of its groups, so clients retry (and time out) until it is up again.
    /// </summary>
    /// <param name="brokerId">The broker id, 1 to <see cref="BrokerCount"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">No broker has that id.</exception>
    /// <exception cref="KafkaException">The cluster refused.</exception>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    public void SetBrokerDown(int brokerId)
    {
        ThrowIfUnknownBroker(brokerId);
        ThrowOnError(LibRdKafka.rd_kafka_mock_broker_set_down(_cluster, brokerId), $"rd_kafka_mock_broker_set_down({brokerId})");
    }

    /// <summary>Lets a broker taken down by <see cref="SetBrokerDown"/> accept connections again.</summary>
    /// <param name="brokerId">The broker id, 1 to <see cref="BrokerCount"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">No broker has that id.</exception>
    /// <exception cref="KafkaException">The cluster refused.</exception>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    public void SetBrokerUp(int brokerId)
    {
        ThrowIfUnknownBroker(brokerId);
        ThrowOnError(LibRdKafka.rd_kafka_mock_broker_set_up(_cluster, brokerId), $"rd_kafka_mock_broker_set_up({brokerId})");
    }

    /// <summary>
    /// Makes a broker answer every request after a delay, as librdkafka's <c>rd_kafka_mock_broker_set_rtt</c>.
    /// </summary>
    /// <param name="brokerId">The broker id, 1 to <see cref="BrokerCount"/>.</param>
    /// <param name="rttMs">The added round-trip time in milliseconds, 0 (the default state) or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">No broker has that id, or <paramref name="rttMs"/> is negative.</exception>
    /// <exception cref="KafkaException">The cluster refused.</exception>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    public void SetRtt(int brokerId, int rttMs)
    {
        ThrowIfUnknownBroker(brokerId);
        ArgumentOutOfRangeException.ThrowIfNegative(rttMs);
        ThrowOnError(LibRdKafka.rd_kafka_mock_broker_set_rtt(_cluster, brokerId, rttMs), $"rd_kafka_mock_broker_set_rtt({brokerId}, {rttMs})");
    }

    /// <summary>
    /// Pins the coordinator of a consumer group or a transactional id to a broker, as librdkafka's
    /// <c>rd_kafka_mock_coordinator_set</c>; FindCoordinator answers with that broker from then on.
    /// </summary>
    /// <param name="keyType"><c>"group"</c> for a consumer group id, <c>"transaction"</c> for a transactional id.</param>
    /// <param name="key">The group id or transactional id.</param>
    /// <param name="brokerId">The broker id, 1 to <see cref="BrokerCount"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="keyType"/> is not <c>group</c> or <c>transaction</c>, or <paramref name="key"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">No broker has that id.</exception>
    /// <exception cref="KafkaException">The cluster refused.</exception>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    public void SetCoordinator(string keyType, string key, int brokerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyType);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (keyType is not ("group" or "transaction"))
        {
            throw new ArgumentException($"Coordinator key type must be \"group\" or \"transaction\", not \"{keyType}\".", nameof(keyType));
        }

        ThrowIfUnknownBroker(brokerId);
        ThrowOnError(
            LibRdKafka.rd_kafka_mock_coordinator_set(_cluster, keyType, key, brokerId),
            $"rd_kafka_mock_coordinator_set(\"{keyType}\", \"{key}\", {brokerId})");
    }

    /// <summary>
    /// Queues errors that the next requests of one API answer with, one error per request in order, on any
    /// broker, as librdkafka's <c>rd_kafka_mock_push_request_errors</c>. <see cref="ErrorCode.NoError"/> lets
    /// a request through. Requests beyond the queued errors are served normally.
    /// </summary>
    /// <param name="apiKey">The Kafka protocol API key, e.g. <see cref="KafkaApiKeys.Produce"/>.</param>
    /// <param name="errors">The errors, in the order requests receive them; may be empty.</param>
    /// <exception cref="ArgumentNullException"><paramref name="errors"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="apiKey"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">The cluster was disposed.</exception>
    public unsafe void PushRequestErrors(short apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentOutOfRangeException.ThrowIfNegative(apiKey);
        ThrowIfDisposed();
        if (errors.Length == 0)
        {
            return;
        }

        var codes = new int[errors.Length];
        for (var i = 0; i < errors.Length; i++)
        {
            codes[i] = (int)errors[i];
        }

        fixed (int* p = codes)
        {
            LibRdKafka.rd_kafka_mock_push_request_errors_array(_cluster, apiKey, (nuint)codes.Length, p);
        }
    }

    /// <summary>
    /// Stops the brokers (closing every client connection) and frees the cluster, then its librdkafka handle.
    /// Takes up to about 1 s (librdkafka's mock thread notices the stop on its next poll tick). Idempotent;
    /// later calls of other members throw <see cref="ObjectDisposedException"/>. A cluster that is never
    /// disposed is stopped by its finalizer.
    /// </summary>
    public void Dispose()
    {
        // The cluster handle holds a reference on the rd_kafka_t, so the cluster is destroyed first.
        _cluster.Dispose();
        _handle.Dispose();
    }

    private void ThrowIfUnknownBroker(int brokerId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokerId, BrokerCount);
        ThrowIfDisposed();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);

    private static void ThrowOnError(int err, string call)
    {
        if (err != 0)
        {
            throw new KafkaException(new Error(
                (ErrorCode)err,
                $"{call} failed: {LibRdKafka.ErrorName(err)} ({LibRdKafka.ErrorDescription(err)})"));
        }
    }
}
