using System.Diagnostics;
using Confluent.Kafka;
using Streams.EmbeddedKafka;
using Xunit.Abstractions;

namespace Streams.IntegrationTests.EmbeddedKafka;

/// <summary>
/// What librdkafka 2.16's mock cluster does that 2.0.2's did not, and the limits it keeps, one test per item of
/// docs/embedded-broker.md (the transaction items are in <see cref="TransactionTests"/>). A test that fails after a
/// librdkafka upgrade means the mock changed: update the doc with it.
/// </summary>
public sealed class MockClusterBehaviourTests(ITestOutputHelper output) : IDisposable
{
    private readonly EmbeddedKafkaCluster _cluster = EmbeddedKafkaCluster.Start();

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void A_classic_group_first_join_takes_no_initial_rebalance_delay()
    {
        const string Topic = "classic-join";
        _cluster.CreateTopic(Topic, 2);
        Produce(Topic, 1);
        using var consumer = new ConsumerBuilder<string, string>(KafkaTestClients.Consumer(_cluster.BootstrapServers, "classic-joiners")).Build();

        var watch = Stopwatch.StartNew();
        consumer.Subscribe(Topic);
        KafkaTestClients.ConsumeExactly(consumer, 1);
        output.WriteLine($"classic first join and first record: {watch.ElapsedMilliseconds} ms");

        // 2.0.2's mock (and 2.16's by default) waited 3 s here: EmbeddedKafkaCluster sets the delay to 0.
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2));
        consumer.Close();
    }

    [Fact]
    public void A_KIP_848_consumer_group_joins_and_reads_with_group_protocol_consumer()
    {
        const string Topic = "kip848-join";
        _cluster.CreateTopic(Topic, 3);
        Produce(Topic, 30);
        var config = KafkaTestClients.Consumer(_cluster.BootstrapServers, "kip848-joiners");
        config.GroupProtocol = Confluent.Kafka.GroupProtocol.Consumer;
        config.SessionTimeoutMs = null;
        config.HeartbeatIntervalMs = null;
        using var first = new ConsumerBuilder<string, string>(config).Build();

        var watch = Stopwatch.StartNew();
        first.Subscribe(Topic);
        KafkaTestClients.ConsumeExactly(first, 30).Select(r => r.Partition.Value).Distinct().Should().HaveCount(3);
        output.WriteLine($"KIP-848 first join and 30 records: {watch.ElapsedMilliseconds} ms");
        first.Commit();

        // A second member: the broker moves partitions to it incrementally, and commits stay accepted meanwhile.
        using var second = new ConsumerBuilder<string, string>(config).Build();
        second.Subscribe(Topic);
        var deadline = DateTime.UtcNow + KafkaTestClients.Timeout;
        var refused = new List<string>();
        while ((first.Assignment.Count == 3 || second.Assignment.Count == 0) && DateTime.UtcNow < deadline)
        {
            first.Consume(TimeSpan.FromMilliseconds(50));
            second.Consume(TimeSpan.FromMilliseconds(50));
            try
            {
                first.Commit(first.Assignment.Select(p => new TopicPartitionOffset(p, 1)));
            }
            catch (KafkaException e)
            {
                refused.Add(e.Error.Code.ToString());
            }
        }

        output.WriteLine($"second member assigned: {watch.ElapsedMilliseconds} ms; first {first.Assignment.Count}, second {second.Assignment.Count}");
        (first.Assignment.Count + second.Assignment.Count).Should().Be(3);
        second.Assignment.Should().NotBeEmpty();
        refused.Should().BeEmpty("the consumer protocol accepts commits while a member joins (classic refuses them with RebalanceInProgress)");
        first.Close();
        second.Close();
    }

    [Fact]
    public void A_committed_transaction_takes_one_offset_for_its_control_marker()
    {
        const string Topic = "markers";
        _cluster.CreateTopic(Topic, 1);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            TransactionalId = "markers-tx",
            LingerMs = 5,
        }).Build();
        producer.InitTransactions(KafkaTestClients.Timeout);
        producer.BeginTransaction();
        for (var i = 0; i < 3; i++)
        {
            producer.Produce(Topic, new Message<string, string> { Key = "k", Value = "v" + i });
        }

        producer.CommitTransaction(KafkaTestClients.Timeout);

        using var consumer = new ConsumerBuilder<string, string>(KafkaTestClients.Consumer(_cluster.BootstrapServers, "markers-reader")).Build();
        var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(Topic, 0), KafkaTestClients.Timeout);

        // 3 records at offsets 0..2 and the commit marker at 3 (2.0.2's mock wrote no marker: high watermark 3).
        watermarks.High.Value.Should().Be(4);
    }

    [Fact]
    public void A_partition_keeps_only_about_its_newest_5_MiB()
    {
        const string Topic = "bounded";
        _cluster.CreateTopic(Topic, 1);
        var value = new byte[64 * 1024];
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = _cluster.BootstrapServers, LingerMs = 5 }).Build();
        KafkaTestClients.ProduceAll(producer, Topic, Enumerable.Range(0, 160).Select(_ => new Message<Null, byte[]> { Value = value }));

        using var consumer = new ConsumerBuilder<string, string>(KafkaTestClients.Consumer(_cluster.BootstrapServers, "bounded-reader")).Build();
        var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(Topic, 0), KafkaTestClients.Timeout);
        output.WriteLine($"10 MiB produced as 160 x 64 KiB: low {watermarks.Low}, high {watermarks.High}");

        watermarks.High.Value.Should().Be(160);
        var kept = (watermarks.High.Value - watermarks.Low.Value) * value.Length;
        kept.Should().BeInRange(4L << 20, 6L << 20, "the mock drops the oldest records beyond ~5 MiB per partition");
    }

    [Fact]
    public async Task A_first_produce_to_a_topic_the_producer_has_not_seen_is_delivered_without_waiting_for_the_topic_scan()
    {
        const string Topic = "unseen";
        _cluster.CreateTopic(Topic, 1);
        using var producer = new ProducerBuilder<string, string>(KafkaTestClients.Producer(_cluster.BootstrapServers)).Build();

        // 2.0.2 learned a new topic's leader only at its 1 s topic scan (KafkaTestClients.WarmUp was the workaround).
        var watch = Stopwatch.StartNew();
        var delivered = await producer.ProduceAsync(Topic, new Message<string, string> { Key = "k", Value = "v" }).WaitAsync(KafkaTestClients.Timeout);
        delivered.Status.Should().Be(PersistenceStatus.Persisted);
        output.WriteLine($"first produce to an unseen topic: {watch.ElapsedMilliseconds} ms");

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromMilliseconds(500));
    }

    private void Produce(string topic, int count)
    {
        using var producer = new ProducerBuilder<string, string>(KafkaTestClients.Producer(_cluster.BootstrapServers)).Build();
        KafkaTestClients.ProduceAll(producer, topic, Enumerable.Range(0, count).Select(i => new Message<string, string> { Key = "k" + i, Value = "v" + i }));
    }
}
