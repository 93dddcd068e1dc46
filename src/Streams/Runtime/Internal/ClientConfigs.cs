using Confluent.Kafka;

namespace Streams.Runtime.Internal;

/// <summary>Derives each client's configuration from the user's Confluent configs plus the settings the runtime owns.</summary>
internal static partial class ClientConfigs
{
    public static ConsumerConfig MainConsumer(StreamsOptions options, string clientId)
    {
        var c = new ConsumerConfig(new Dictionary<string, string>(options.Consumer))
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.ApplicationId,
            ClientId = clientId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            PartitionAssignmentStrategy = options.TaskAssignment == TaskAssignmentStrategy.Range ? PartitionAssignmentStrategy.Range : PartitionAssignmentStrategy.CooperativeSticky,
        };
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
