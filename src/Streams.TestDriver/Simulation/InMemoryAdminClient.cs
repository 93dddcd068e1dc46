using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Streams.TestDriver.Simulation;

/// <summary>
/// An admin client on an <see cref="InMemoryKafkaCluster"/>, behind Confluent's <see cref="IAdminClient"/>: metadata
/// (a metadata request for one unknown topic auto-creates it when the cluster allows, as a broker with
/// <c>auto.create.topics.enable</c>), CreateTopics, DeleteTopics, DescribeConfigs (a topic's configs as created; a broker
/// has none here), DeleteRecords (KIP-107) and ListConsumerGroupOffsets. Other APIs throw <see cref="NotSupportedException"/>.
/// </summary>
internal sealed partial class InMemoryAdminClient(InMemoryKafkaCluster cluster, string name, ClientLifetime? lifetime = null) : IAdminClient
{
    public Handle Handle => throw new NotSupportedException("An in-memory client has no librdkafka handle; ask the IKafkaClientSupplier for a dependent admin client.");

    public string Name { get; } = name;

    public int AddBrokers(string brokers) => 0;

    public void SetSaslCredentials(string username, string password)
    {
    }

    public Metadata GetMetadata(TimeSpan timeout)
    {
        lock (cluster.Gate)
        {
            lifetime?.ThrowIfCrashed();
            return cluster.Metadata(null, autoCreate: false);
        }
    }

    public Metadata GetMetadata(string topic, TimeSpan timeout)
    {
        lock (cluster.Gate)
        {
            lifetime?.ThrowIfCrashed();
            return cluster.Metadata(topic, autoCreate: true);
        }
    }

    public Task CreateTopicsAsync(IEnumerable<TopicSpecification> topics, CreateTopicsOptions? options = null)
    {
        var reports = new List<CreateTopicReport>();
        lock (cluster.Gate)
        {
            lifetime?.ThrowIfCrashed();
            foreach (var t in topics)
            {
                var partitions = t.NumPartitions > 0 ? t.NumPartitions : cluster.DefaultPartitions;
                var created = cluster.TryCreateTopic(t.Name, partitions, t.Configs);
                reports.Add(new CreateTopicReport
                {
                    Topic = t.Name,
                    Error = created ? new Error(ErrorCode.NoError) : new Error(ErrorCode.TopicAlreadyExists, $"Topic '{t.Name}' already exists."),
                });
            }
        }

        return reports.Any(r => r.Error.IsError) ? Task.FromException(new CreateTopicsException(reports)) : Task.CompletedTask;
    }

    public Task DeleteTopicsAsync(IEnumerable<string> topics, DeleteTopicsOptions? options = null)
    {
        lock (cluster.Gate)
        {
            lifetime?.ThrowIfCrashed();
            foreach (var t in topics)
            {
                cluster.RemoveTopic(t);
            }
        }

        return Task.CompletedTask;
    }

    public Task<List<DescribeConfigsResult>> DescribeConfigsAsync(IEnumerable<ConfigResource> resources, DescribeConfigsOptions? options = null)
    {
        lock (cluster.Gate)
        {
            lifetime?.ThrowIfCrashed();
            return Task.FromResult(resources.Select(r => new DescribeConfigsResult
            {
                ConfigResource = r,
                Entries = r.Type == ResourceType.Topic && cluster.Topic(r.Name, autoCreate: false) is { } topic
                    ? topic.Configs.ToDictionary(c => c.Key, c => new ConfigEntryResult { Name = c.Key, Value = c.Value, Source = ConfigSource.DynamicTopicConfig }, StringComparer.Ordinal)
                    : new Dictionary<string, ConfigEntryResult>(StringComparer.Ordinal),
            }).ToList());
        }
    }

    public Task<List<DeleteRecordsResult>> DeleteRecordsAsync(IEnumerable<TopicPartitionOffset> topicPartitionOffsets, DeleteRecordsOptions? options = null)
    {
        lock (cluster.Gate)
        {
            lifetime?.ThrowIfCrashed();
            var results = new List<DeleteRecordsResult>();
            foreach (var tpo in topicPartitionOffsets)
            {
                var log = cluster.Log(tpo.TopicPartition) ?? throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart, $"Unknown partition {tpo.TopicPartition}"));
                log.DeleteBefore(tpo.Offset == Offset.End ? log.HighWatermark : tpo.Offset.Value);
                results.Add(new DeleteRecordsResult { Topic = tpo.Topic, Partition = tpo.Partition, Offset = log.LogStartOffset });
            }

            cluster.Pulse();

            return Task.FromResult(results);
        }
    }

    public void Dispose()
    {
    }
}
