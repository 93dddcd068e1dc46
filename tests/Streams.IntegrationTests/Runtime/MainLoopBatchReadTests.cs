using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Streams.Runtime.Internal;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// The stream thread reads its subscribed consumer in batches straight from librdkafka
/// (<see cref="LibrdkafkaBatchReader.Read(TimeSpan, int)"/> and <see cref="LibrdkafkaBatchReader.ToConsumeResult"/>):
/// what it hands the tasks must equal what Confluent.Kafka's <c>Consume</c> returns, a read must take no more records
/// than asked (the rest stay queued), and the batch call must serve the rebalance callbacks of a subscribed consumer.
/// </summary>
public sealed class MainLoopBatchReadTests() : EmbeddedBrokerTestBase("streams-main-batch-")
{
    private const string Topic = "main-batch";

    [Fact]
    public void Batch_reads_serve_the_assigned_callback_take_at_most_the_asked_count_and_copy_records_as_Consume_does()
    {
        Cluster.CreateTopic(Topic, 2);
        var sent = Sent();
        Produce(sent);

        // Reference: what Confluent.Kafka's Consume returns for the same records.
        var expected = ReadWithConsume(sent.Count);

        var assigned = new List<TopicPartition>();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(Config("batch-reader"))
            .SetPartitionsAssignedHandler((_, partitions) => assigned.AddRange(partitions))
            .Build();
        consumer.Subscribe(Topic);
        using var reader = LibrdkafkaBatchReader.TryCreate(consumer);
        reader.Should().NotBeNull("the main consumer is Confluent.Kafka's own consumer");

        var read = new List<ConsumeResult<byte[], byte[]>>();
        var largestBatch = 0;
        var started = Stopwatch.StartNew();
        while (read.Count < sent.Count && started.Elapsed < Wait)
        {
            var n = reader!.Read(TimeSpan.FromMilliseconds(200), 7);
            n.Should().BeLessThanOrEqualTo(7, "a read takes at most the records asked for; the rest stay queued");
            largestBatch = Math.Max(largestBatch, n);
            for (var i = 0; i < n; i++)
            {
                var r = reader[i];
                read.Add(reader.ToConsumeResult(i, r.Topic));
            }

            reader.ReleaseRecords();
        }

        assigned.Should().BeEquivalentTo([new TopicPartition(Topic, 0), new TopicPartition(Topic, 1)], "the batch call served the rebalance callback");
        largestBatch.Should().Be(7);
        consumer.Position(new TopicPartition(Topic, 0)).Value.Should().Be(expected.Count(r => r.Partition.Value == 0), "the batch call moves the position as Consume does");
        Describe(read).Should().Equal(Describe(expected));
    }

    private static List<(int Partition, byte[]? Key, byte[]? Value, long Timestamp, Headers? Headers)> Sent()
    {
        var headers = new Headers { { "h1", "a"u8.ToArray() }, { "h2", null }, { "h1", [] } };
        var sent = new List<(int, byte[]?, byte[]?, long, Headers?)>
        {
            (0, "k1"u8.ToArray(), "v1"u8.ToArray(), 10, null),
            (0, null, "no key"u8.ToArray(), 11, headers),
            (1, "k2"u8.ToArray(), null, 12, null),
            (1, [], [], 13, headers),
        };
        for (var i = 0; i < 100; i++)
        {
            sent.Add((i % 2, Encoding.UTF8.GetBytes($"key-{i}"), Encoding.UTF8.GetBytes($"value-{i}"), 100 + i, null));
        }

        return sent;
    }

    private void Produce(IEnumerable<(int Partition, byte[]? Key, byte[]? Value, long Timestamp, Headers? Headers)> records)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = Cluster.BootstrapServers }).Build();
        foreach (var (partition, key, value, timestamp, headers) in records)
        {
            producer.Produce(
                new TopicPartition(Topic, partition),
                new Message<byte[]?, byte[]?> { Key = key, Value = value, Timestamp = new Timestamp(timestamp, TimestampType.CreateTime), Headers = headers });
        }

        producer.Flush(Wait).Should().Be(0);
    }

    private List<ConsumeResult<byte[], byte[]>> ReadWithConsume(int count)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(Config("consume")).Build();
        consumer.Subscribe(Topic);
        var read = new List<ConsumeResult<byte[], byte[]>>();
        var started = Stopwatch.StartNew();
        while (read.Count < count && started.Elapsed < Wait)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } r)
            {
                read.Add(r);
            }
        }

        consumer.Close();
        return read;
    }

    private ConsumerConfig Config(string group) => new()
    {
        BootstrapServers = Cluster.BootstrapServers,
        GroupId = group,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
    };

    /// <summary>Every field the stream thread reads, in a comparable form, ordered by partition and offset.</summary>
    private static List<string> Describe(IEnumerable<ConsumeResult<byte[], byte[]>> results) =>
        [.. results.OrderBy(r => r.Partition.Value).ThenBy(r => r.Offset.Value).Select(r =>
            $"{r.Topic}-{r.Partition.Value}@{r.Offset.Value} leaderEpoch={r.LeaderEpoch} key={Hex(r.Message.Key)} value={Hex(r.Message.Value)} " +
            $"ts={r.Message.Timestamp.UnixTimestampMs}/{r.Message.Timestamp.Type} headers=[{string.Join(", ", r.Message.Headers.Select(h => $"{h.Key}={Hex(h.GetValueBytes())}"))}]")];

    private static string Hex(byte[]? bytes) => bytes is null ? "null" : "0x" + Convert.ToHexString(bytes);
}
