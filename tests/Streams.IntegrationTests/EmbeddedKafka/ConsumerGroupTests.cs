using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Streams.EmbeddedKafka;
using Xunit.Abstractions;

namespace Streams.IntegrationTests.EmbeddedKafka;

public sealed class ConsumerGroupTests(ITestOutputHelper output) : IDisposable
{
    private const string Topic = "events";
    private const int MessageCount = 1000;

    private readonly EmbeddedKafkaCluster _cluster = CreateCluster();

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void A_group_consumer_reads_back_every_produced_message_in_partition_order()
    {
        ProduceNumbered();
        using var consumer = new ConsumerBuilder<string, string>(KafkaTestClients.Consumer(_cluster.BootstrapServers, "readers")).Build();
        var watch = Stopwatch.StartNew();
        consumer.Subscribe(Topic);

        var first = KafkaTestClients.ConsumeExactly(consumer, 1);
        output.WriteLine($"first group join and first message: {watch.ElapsedMilliseconds} ms");
        var results = first.Concat(KafkaTestClients.ConsumeExactly(consumer, MessageCount - 1)).ToList();
        output.WriteLine($"all {MessageCount} messages: {watch.ElapsedMilliseconds} ms");

        results.Select(r => r.Message.Value).Should().BeEquivalentTo(Enumerable.Range(0, MessageCount).Select(Format));
        results.Select(r => r.Partition.Value).Distinct().Should().BeEquivalentTo([0, 1, 2]);
        foreach (var partition in results.GroupBy(r => r.Partition.Value))
        {
            partition.Select(r => r.Offset.Value).Should().Equal(Enumerable.Range(0, partition.Count()).Select(i => (long)i));
        }

        var committed = consumer.Commit();
        committed.Should().HaveCount(3);
        committed.Sum(c => c.Offset.Value).Should().Be(MessageCount);
        consumer.Close();
    }

    [Fact]
    public void A_second_consumer_in_the_group_resumes_from_the_committed_offsets()
    {
        const int FirstShare = 400;
        ProduceNumbered();
        var config = KafkaTestClients.Consumer(_cluster.BootstrapServers, "resumers");

        List<ConsumeResult<string, string>> firstResults;
        List<TopicPartitionOffset> committed;
        var watch = Stopwatch.StartNew();
        using (var first = new ConsumerBuilder<string, string>(config).Build())
        {
            first.Subscribe(Topic);
            firstResults = KafkaTestClients.ConsumeExactly(first, FirstShare);
            output.WriteLine($"first consumer joined and read {FirstShare}: {watch.ElapsedMilliseconds} ms");

            // Commits the offsets after the last message Consume handed out, per partition (assigned partitions
            // nothing was read from come back as Offset.Unset and are not committed).
            committed = first.Commit().Where(c => c.Offset != Offset.Unset).ToList();
            first.Close();
        }

        committed.Sum(c => c.Offset.Value).Should().Be(FirstShare);
        foreach (var partition in firstResults.GroupBy(r => r.TopicPartition))
        {
            committed.Single(c => c.TopicPartition == partition.Key).Offset.Value.Should().Be(partition.Max(r => r.Offset.Value) + 1);
        }

        watch.Restart();
        using var second = new ConsumerBuilder<string, string>(config).Build();
        second.Subscribe(Topic);
        var secondResults = KafkaTestClients.ConsumeExactly(second, MessageCount - FirstShare);
        output.WriteLine($"second consumer joined (after a leave) and read {MessageCount - FirstShare}: {watch.ElapsedMilliseconds} ms");

        second.Committed(committed.Select(c => c.TopicPartition), KafkaTestClients.Timeout)
            .Should().BeEquivalentTo(committed);
        foreach (var partition in secondResults.GroupBy(r => r.TopicPartition))
        {
            var resumedAt = committed.SingleOrDefault(c => c.TopicPartition == partition.Key)?.Offset.Value ?? 0;
            partition.Min(r => r.Offset.Value).Should().Be(resumedAt, "partition {0} resumes at its committed offset (or the beginning)", partition.Key);
        }

        firstResults.Concat(secondResults).Select(r => r.Message.Value)
            .Should().OnlyHaveUniqueItems().And.BeEquivalentTo(Enumerable.Range(0, MessageCount).Select(Format));
        second.Close();
    }

    private static EmbeddedKafkaCluster CreateCluster()
    {
        var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic(Topic, 3);
        return cluster;
    }

    private void ProduceNumbered()
    {
        using var producer = new ProducerBuilder<string, string>(KafkaTestClients.Producer(_cluster.BootstrapServers)).Build();
        KafkaTestClients.WarmUp(producer, Topic);
        KafkaTestClients.ProduceAll(
            producer,
            Topic,
            Enumerable.Range(0, MessageCount).Select(i => new Message<string, string> { Key = "key-" + Format(i % 37), Value = Format(i) }));
    }

    private static string Format(int i) => i.ToString("D4", CultureInfo.InvariantCulture);
}
