using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Streams.EmbeddedKafka;

namespace Streams.IntegrationTests.EmbeddedKafka;

/// <summary>
/// Transactions through librdkafka's mock cluster. The mock (librdkafka 2.16) runs the transaction protocol
/// (InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn) and writes the control markers
/// (<see cref="MockClusterBehaviourTests.A_committed_transaction_takes_one_offset_for_its_control_marker"/>), but reports
/// no aborted transactions or last stable offset in Fetch, so a read_committed consumer still sees aborted and
/// still-open transactional messages; TxnOffsetCommit is answered but its offsets are dropped. The isolation and the
/// transactional offset commit are checked against a real cluster when <c>STREAMS_TEST_KAFKA_BOOTSTRAP_SERVERS</c> names one.
/// </summary>
public sealed class TransactionTests : IDisposable
{
    private const string Topic = "payments";

    private readonly EmbeddedKafkaCluster _cluster = EmbeddedKafkaCluster.Start();

    public TransactionTests() => _cluster.CreateTopic(Topic, 1);

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void Committed_transactions_are_delivered_to_a_read_committed_consumer()
    {
        using var producer = CreateTransactionalProducer(_cluster.BootstrapServers, Topic, "payments-tx");

        producer.BeginTransaction();
        ProduceValues(producer, Topic, "committed", 10);
        producer.CommitTransaction(KafkaTestClients.Timeout);
        producer.BeginTransaction();
        ProduceValues(producer, Topic, "second", 5);
        producer.CommitTransaction(KafkaTestClients.Timeout);

        ReadCommitted(_cluster.BootstrapServers, Topic, 15).Should().Equal(
            Enumerable.Range(0, 10).Select(i => $"committed-{i}").Concat(Enumerable.Range(0, 5).Select(i => $"second-{i}")));
    }

    [Fact]
    public void Mock_cluster_does_not_hide_aborted_messages_from_read_committed_consumers()
    {
        using var producer = CreateTransactionalProducer(_cluster.BootstrapServers, Topic, "payments-abort");

        producer.BeginTransaction();
        ProduceValues(producer, Topic, "aborted", 3);
        producer.Flush(KafkaTestClients.Timeout);
        producer.AbortTransaction(KafkaTestClients.Timeout);
        producer.BeginTransaction();
        ProduceValues(producer, Topic, "committed", 3);
        producer.CommitTransaction(KafkaTestClients.Timeout);

        // On a real broker this is committed-0..2 only. The 2.16 mock writes the abort marker (offset 3) but still hands the
        // aborted records to read_committed consumers. If this fails after a librdkafka upgrade, the mock learned to hide
        // them: update docs/embedded-broker.md.
        ReadCommitted(_cluster.BootstrapServers, Topic, 6).Should().Equal(
            "aborted-0", "aborted-1", "aborted-2", "committed-0", "committed-1", "committed-2");
    }

    [Fact]
    public void Mock_cluster_accepts_SendOffsetsToTransaction_but_does_not_store_the_offsets()
    {
        using var producer = CreateTransactionalProducer(_cluster.BootstrapServers, Topic, "payments-offsets");
        using var consumer = new ConsumerBuilder<string, string>(KafkaTestClients.Consumer(_cluster.BootstrapServers, "payments-app")).Build();
        var partition = new TopicPartition(Topic, 0);

        producer.BeginTransaction();
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(partition, 42)], consumer.ConsumerGroupMetadata, KafkaTestClients.Timeout);
        producer.CommitTransaction(KafkaTestClients.Timeout);

        // The mock's TxnOffsetCommit answers success and drops the offsets; a real broker commits 42 here.
        consumer.Committed([partition], KafkaTestClients.Timeout).Single().Offset.Should().Be(Offset.Unset);
    }

    [RealKafkaFact]
    public async Task Real_cluster_hides_aborted_messages_from_read_committed_consumers()
    {
        var bootstrapServers = RealKafkaFactAttribute.BootstrapServers!;
        var topic = "streams-it-txn-" + Guid.NewGuid().ToString("N");
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = -1 }]);
        }

        using var producer = CreateTransactionalProducer(bootstrapServers, topic, topic + "-tx");
        producer.BeginTransaction();
        ProduceValues(producer, topic, "aborted", 3);
        producer.Flush(KafkaTestClients.Timeout);
        producer.AbortTransaction(KafkaTestClients.Timeout);
        producer.BeginTransaction();
        ProduceValues(producer, topic, "committed", 3);
        producer.CommitTransaction(KafkaTestClients.Timeout);

        ReadCommitted(bootstrapServers, topic, 3).Should().Equal("committed-0", "committed-1", "committed-2");
    }

    [RealKafkaFact]
    public async Task Real_cluster_commits_SendOffsetsToTransaction_offsets_with_the_transaction()
    {
        var bootstrapServers = RealKafkaFactAttribute.BootstrapServers!;
        var topic = "streams-it-txn-offsets-" + Guid.NewGuid().ToString("N");
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = -1 }]);
        }

        using var producer = CreateTransactionalProducer(bootstrapServers, topic, topic + "-tx");
        using var consumer = new ConsumerBuilder<string, string>(KafkaTestClients.Consumer(bootstrapServers, topic + "-app")).Build();
        var partition = new TopicPartition(topic, 0);
        producer.BeginTransaction();
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(partition, 42)], consumer.ConsumerGroupMetadata, KafkaTestClients.Timeout);
        producer.CommitTransaction(KafkaTestClients.Timeout);

        consumer.Committed([partition], KafkaTestClients.Timeout).Single().Offset.Value.Should().Be(42);
    }

    private static IProducer<string, string> CreateTransactionalProducer(string bootstrapServers, string topic, string transactionalId)
    {
        var config = KafkaTestClients.Producer(bootstrapServers);
        config.TransactionalId = transactionalId;
        var producer = new ProducerBuilder<string, string>(config).Build();
        KafkaTestClients.WarmUp(producer, topic);
        producer.InitTransactions(KafkaTestClients.Timeout);
        return producer;
    }

    private static void ProduceValues(IProducer<string, string> producer, string topic, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            producer.Produce(topic, new Message<string, string> { Key = prefix, Value = $"{prefix}-{i}" });
        }
    }

    private static List<string> ReadCommitted(string bootstrapServers, string topic, int count)
    {
        var config = KafkaTestClients.Consumer(bootstrapServers, topic + "-reader");
        config.IsolationLevel = IsolationLevel.ReadCommitted;
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        KafkaTestClients.WarmUp(consumer, topic);
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        return KafkaTestClients.ConsumeExactly(consumer, count).Select(r => r.Message.Value).ToList();
    }
}
