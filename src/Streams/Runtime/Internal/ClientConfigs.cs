using Confluent.Kafka;

namespace Streams.Runtime.Internal;

/// <summary>Derives each client's configuration from the user's Confluent configs plus the settings the runtime owns.</summary>
internal static partial class ClientConfigs
{
    /// <summary>Consumer properties of the classic group protocol that librdkafka refuses with <c>group.protocol=consumer</c> (the broker owns them under KIP-848).</summary>
    internal static readonly string[] ClassicOnlyGroupProperties = ["partition.assignment.strategy", "session.timeout.ms", "heartbeat.interval.ms", "group.protocol.type"];

    /// <summary>
    /// A stream thread's group consumer: the user's consumer config with the settings the runtime owns (group, client id,
    /// manual commits, <c>group.protocol</c>) and, under the classic protocol, the assignor of <see cref="StreamsOptions.TaskAssignment"/>;
    /// under KIP-848's consumer protocol the classic-only group properties are left out (<see cref="ClassicOnlyGroupProperties"/>).
    /// </summary>
    public static ConsumerConfig MainConsumer(StreamsOptions options, string clientId)
    {
        var properties = new Dictionary<string, string>(options.Consumer);
        var consumerProtocol = options.GroupProtocol == GroupProtocol.Consumer;
        if (consumerProtocol)
        {
            foreach (var name in ClassicOnlyGroupProperties)
            {
                properties.Remove(name);
            }
        }

        var c = new ConsumerConfig(properties)
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.ApplicationId,
            ClientId = clientId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            GroupProtocol = consumerProtocol ? Confluent.Kafka.GroupProtocol.Consumer : Confluent.Kafka.GroupProtocol.Classic,
        };
        if (!consumerProtocol)
        {
            c.PartitionAssignmentStrategy = options.TaskAssignment == TaskAssignmentStrategy.Range ? PartitionAssignmentStrategy.Range : PartitionAssignmentStrategy.CooperativeSticky;
        }

        c.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        ApplyFetchQueueBackoff(c);
        ApplyIsolation(c, options);
        return c;
    }

    public static ConsumerConfig AssignOnlyConsumer(StreamsOptions options, string clientId) =>
        ApplyIsolation(
            ApplyFetchQueueBackoff(new(new Dictionary<string, string>(options.Consumer))
            {
                BootstrapServers = options.BootstrapServers,
                GroupId = options.ApplicationId + "-assign-only",
                ClientId = clientId,
                EnableAutoCommit = false,
                EnableAutoOffsetStore = false,
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnablePartitionEof = false,
            }),
            options);

    /// <summary>
    /// The default <c>fetch.queue.backoff.ms</c> of Streams' consumers when the user's consumer config sets none:
    /// <see cref="FetchQueueBackoffMs"/> instead of librdkafka's 1000 ms.
    /// </summary>
    /// <remarks>
    /// librdkafka stops fetching a partition while its pre-fetch queue holds <c>queued.min.messages</c> (100,000) records or
    /// <c>queued.max.messages.kbytes</c> (64 MiB), and looks again only after <c>fetch.queue.backoff.ms</c>
    /// (CONFIGURATION.md: "This property may need to be decreased if the queue thresholds are set low and the application
    /// is experiencing long (~1s) delays between messages"; CHANGELOG 2.2.0: the thresholds are meant to hold 1 s of data).
    /// With a group consumer every partition's queue is forwarded to the one consumer queue, and the thresholds are
    /// compared with that queue's length (<c>rd_kafka_q_len</c> follows the forwarding; <c>rd_kafka_toppar_fetch_decide</c>):
    /// a thread that drains 100,000 records in less than a second then waits for the rest of the second with nothing to
    /// read. Measured (issue 15, flight topology, in memory, 16 partitions): the stream thread read ~125,000 records in
    /// ~350 ms, then polled empty for ~650 ms, every second; 55% of the run's wall clock. The Java consumer, which Kafka
    /// Streams uses, has no such timer: it fetches a partition again as soon as its buffered records are handed out. 100 ms
    /// keeps the queue fed up to ~1M records/s (100,000 records per 100 ms) and costs the broker thread ten queue checks a
    /// second; the thresholds themselves, and so the memory they bound, are unchanged.
    /// </remarks>
    internal static ConsumerConfig ApplyFetchQueueBackoff(ConsumerConfig c)
    {
        c.FetchQueueBackoffMs ??= FetchQueueBackoffMs;
        return c;
    }

    /// <summary>Streams' default <c>fetch.queue.backoff.ms</c> (see <see cref="ApplyFetchQueueBackoff"/>).</summary>
    internal const int FetchQueueBackoffMs = 100;

    public static ProducerConfig Producer(StreamsOptions options, string clientId, string? transactionalId = null)
    {
        var p = new ProducerConfig(new Dictionary<string, string>(options.Producer))
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = clientId,
        };
        p.Partitioner ??= Partitioner.Murmur2Random;
        p.DeliveryReportFields ??= DeliveryReportFields;
        ApplyTransactions(p, options, transactionalId);
        return p;
    }

    /// <summary>
    /// The delivery-report fields Confluent.Kafka fills in for Streams' producers when the user's producer config sets none
    /// (<c>dotnet.producer.delivery.report.fields</c>, default <c>all</c>): only the timestamp, which error messages name.
    /// The runtime reads a report's error, partition and offset (always filled in) and keeps the record it sent for the
    /// production exception handler, so it needs neither the headers (Confluent builds a <c>Headers</c> per delivered record)
    /// nor the persistence status; measured (issue 15), the producer's delivery thread took ~10% of the process's CPU.
    /// </summary>
    internal const string DeliveryReportFields = "timestamp";

    public static AdminClientConfig Admin(StreamsOptions options) =>
        new(new Dictionary<string, string>(options.Admin)) { BootstrapServers = options.BootstrapServers };
}
