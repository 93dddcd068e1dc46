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
        ApplyIsolation(c, options);
        return c;
    }

    public static ConsumerConfig AssignOnlyConsumer(StreamsOptions options, string clientId) =>
        ApplyIsolation(
            new(new Dictionary<string, string>(options.Consumer))
            {
                BootstrapServers = options.BootstrapServers,
                GroupId = options.ApplicationId + "-assign-only",
                ClientId = clientId,
                EnableAutoCommit = false,
                EnableAutoOffsetStore = false,
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnablePartitionEof = false,
            },
            options);

    public static ProducerConfig Producer(StreamsOptions options, string clientId, string? transactionalId = null)
    {
        var p = new ProducerConfig(new Dictionary<string, string>(options.Producer))
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = clientId,
        };
        p.Partitioner ??= Partitioner.Murmur2Random;
        ApplyTransactions(p, options, transactionalId);
        return p;
    }

    public static AdminClientConfig Admin(StreamsOptions options) =>
        new(new Dictionary<string, string>(options.Admin)) { BootstrapServers = options.BootstrapServers };
}
