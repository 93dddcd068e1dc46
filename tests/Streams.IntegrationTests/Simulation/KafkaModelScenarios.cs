using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Streams.EmbeddedKafka;
using Streams.TestDriver.Simulation;

namespace Streams.IntegrationTests.Simulation;

/// <summary>
/// Client-level scenarios run both against the in-memory Kafka model (<see cref="InMemoryKafkaClientSupplier"/>) and
/// against the embedded broker (librdkafka's mock cluster through <see cref="DefaultKafkaClientSupplier"/>), every client
/// made through an <see cref="IKafkaClientSupplier"/>: the model must answer as a broker does wherever the mock
/// cluster supports the behaviour (produce, consume, offsets, timestamps, headers, key partitioning, commits,
/// watermarks, group assignment, control markers). Behaviours the mock lacks (read_committed, fencing,
/// TxnOffsetCommit) are tested on the model only, in <c>Streams.TestDriver.Tests/Simulation</c>.
/// </summary>
public abstract class KafkaModelScenarios
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    protected abstract IKafkaClientSupplier Supplier { get; }

    protected abstract string BootstrapServers { get; }

    protected abstract void CreateTopic(string name, int partitions);

    [Fact]
    public void Produced_records_are_read_back_with_consecutive_offsets_keys_values_timestamps_and_headers()
    {
        CreateTopic("scenario-records", 1);
        using (var producer = Producer())
        {
            for (var i = 0; i < 5; i++)
            {
                producer.Produce(new TopicPartition("scenario-records", 0), new Message<byte[], byte[]>
                {
                    Key = Bytes($"k{i}"), Value = Bytes($"v{i}"), Timestamp = new Timestamp(1_000 + i, TimestampType.CreateTime),
                    Headers = new Headers { { "h", Bytes($"x{i}") } },
                });
            }

            producer.Flush(s_wait).Should().Be(0);
        }

        using var consumer = Consumer("scenario-records-reader", KafkaClientRole.RestoreConsumer);
        consumer.Assign(new TopicPartitionOffset("scenario-records", 0, Offset.Beginning));
        var records = ConsumeExactly(consumer, 5);

        records.Select(r => r.Offset.Value).Should().Equal(0, 1, 2, 3, 4);
        records.Select(r => Text(r.Message.Key)).Should().Equal("k0", "k1", "k2", "k3", "k4");
        records.Select(r => Text(r.Message.Value)).Should().Equal("v0", "v1", "v2", "v3", "v4");
        records.Select(r => r.Message.Timestamp.UnixTimestampMs).Should().Equal(1_000, 1_001, 1_002, 1_003, 1_004);
        records.Select(r => r.Message.Timestamp.Type).Should().OnlyContain(t => t == TimestampType.CreateTime);
        records.Select(r => Text(r.Message.Headers.GetLastBytes("h"))).Should().Equal("x0", "x1", "x2", "x3", "x4");
        consumer.Position(new TopicPartition("scenario-records", 0)).Value.Should().Be(5);
    }

    [Fact]
    public void Keyed_records_go_to_the_murmur2_partition_of_their_key()
    {
        CreateTopic("scenario-keys", 4);
        // Delivery reports arrive on the producer's poll thread, several at once when the broker acknowledges a batch.
        var partitions = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        using (var producer = Producer())
        {
            foreach (var key in Enumerable.Range(0, 20).Select(i => $"key-{i}"))
            {
                producer.Produce("scenario-keys", new Message<byte[], byte[]> { Key = Bytes(key), Value = Bytes("v") }, r => partitions[key] = r.Partition.Value);
            }

            producer.Flush(s_wait).Should().Be(0);
        }

        partitions.Should().HaveCount(20);
        partitions.Values.Distinct().Should().HaveCountGreaterThan(1, "20 keys spread over 4 partitions");

        // The same answer as Kafka's Java producer (Utils.murmur2 of the key, positive, modulo the partition count).
        partitions["key-0"].Should().Be(JavaPartition("key-0", 4));
        partitions.Should().OnlyContain(kv => kv.Value == JavaPartition(kv.Key, 4));
    }

    [Fact]
    public void Watermarks_span_the_log_and_committed_offsets_are_read_back_by_the_group()
    {
        CreateTopic("scenario-offsets", 2);
        using (var producer = Producer())
        {
            for (var i = 0; i < 7; i++)
            {
                producer.Produce(new TopicPartition("scenario-offsets", i % 2), new Message<byte[], byte[]> { Key = Bytes($"k{i}"), Value = Bytes("v") });
            }

            producer.Flush(s_wait).Should().Be(0);
        }

        using var consumer = Consumer("scenario-offsets-group", KafkaClientRole.RestoreConsumer);
        var p0 = new TopicPartition("scenario-offsets", 0);
        var p1 = new TopicPartition("scenario-offsets", 1);
        var w0 = consumer.QueryWatermarkOffsets(p0, s_wait);
        var w1 = consumer.QueryWatermarkOffsets(p1, s_wait);
        (w0.Low.Value, w0.High.Value).Should().Be((0, 4));
        (w1.Low.Value, w1.High.Value).Should().Be((0, 3));

        consumer.Committed([p0, p1], s_wait).Select(o => o.Offset).Should().Equal(Offset.Unset, Offset.Unset);
        consumer.Commit([new TopicPartitionOffset(p0, 2), new TopicPartitionOffset(p1, 3)]);
        consumer.Committed([p0, p1], s_wait).Select(o => o.Offset.Value).Should().Equal(2, 3);

        // A new consumer of the group starts at the committed offsets.
        using var next = Consumer("scenario-offsets-group", KafkaClientRole.RestoreConsumer);
        next.Assign([new TopicPartitionOffset(p0, Offset.Stored), new TopicPartitionOffset(p1, Offset.Stored)]);
        var rest = ConsumeExactly(next, 2);
        rest.Select(r => (r.Partition.Value, r.Offset.Value)).Should().BeEquivalentTo([(0, 2L), (0, 3L)]);
    }

    [Fact]
    public void A_subscribed_member_alone_in_its_group_is_assigned_every_partition_through_its_handler()
    {
        CreateTopic("scenario-group", 3);
        using (var producer = Producer())
        {
            for (var p = 0; p < 3; p++)
            {
                producer.Produce(new TopicPartition("scenario-group", p), new Message<byte[], byte[]> { Key = Bytes($"k{p}"), Value = Bytes("v") });
            }

            producer.Flush(s_wait).Should().Be(0);
        }

        var assigned = new List<TopicPartition>();
        var request = new KafkaConsumerRequest(KafkaClientRole.MainConsumer, ConsumerConfig("scenario-group-app"))
        {
            PartitionsAssignedHandler = (_, partitions) => assigned.AddRange(partitions),
        };
        request.Config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range;
        using var consumer = Supplier.GetConsumer(request);
        consumer.Subscribe("scenario-group");
        var records = ConsumeExactly(consumer, 3);

        assigned.Should().BeEquivalentTo(Enumerable.Range(0, 3).Select(p => new TopicPartition("scenario-group", p)));
        consumer.Assignment.Should().BeEquivalentTo(assigned);
        records.Select(r => r.Partition.Value).Should().BeEquivalentTo([0, 1, 2]);
        consumer.Commit(records.Select(r => new TopicPartitionOffset(r.TopicPartition, r.Offset + 1)));
        consumer.Committed(assigned, s_wait).Select(o => o.Offset.Value).Should().Equal(1, 1, 1);
        consumer.Close();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_second_member_takes_half_of_the_partitions_and_the_first_revokes_all_eagerly_or_only_the_moved_ones_cooperatively(bool cooperative)
    {
        CreateTopic("scenario-rebalance", 4);
        var group = "scenario-rebalance-" + (cooperative ? "coop" : "eager");
        var revokedByA = new List<List<TopicPartition>>();
        using var a = Member(group, cooperative, revokedByA);
        a.Subscribe("scenario-rebalance");
        var started = Stopwatch.StartNew();
        while (a.Assignment.Count < 4)
        {
            started.Elapsed.Should().BeLessThan(s_wait, "A alone is assigned every partition");
            a.Consume(TimeSpan.FromMilliseconds(50));
        }

        using var b = Member(group, cooperative, []);
        b.Subscribe("scenario-rebalance");
        while (a.Assignment.Count != 2 || b.Assignment.Count != 2)
        {
            started.Elapsed.Should().BeLessThan(s_wait, $"A and B settle on two partitions each (A {a.Assignment.Count}, B {b.Assignment.Count})");
            a.Consume(TimeSpan.FromMilliseconds(20));
            b.Consume(TimeSpan.FromMilliseconds(20));
        }

        a.Assignment.Concat(b.Assignment).Should().OnlyHaveUniqueItems().And.HaveCount(4);
        // On a loaded machine B may join in a later generation than the first rebalance, so A can see more than one
        // revocation: cooperatively, all of them together are exactly what moved to B; eagerly, the first took everything.
        revokedByA.Should().NotBeEmpty();
        if (cooperative)
        {
            revokedByA.SelectMany(r => r).Should().BeEquivalentTo(b.Assignment, "KIP-429: A revokes only the partitions that move to B");
        }
        else
        {
            revokedByA[0].Should().HaveCount(4, "the eager protocol revokes every partition before rejoining");
        }

        // A closes only once it took B's partitions back: closing while it rejoins after B left runs the rebalance callback
        // mid-rebalance, in which Confluent.Kafka asks librdkafka for the rebalance protocol (an op to the group's queue,
        // waited for without a timeout); a CI run hung there. Disposing A without Close at that point hung too (librdkafka's
        // destroy spun in the group's termination).
        b.Close();
        while (a.Assignment.Count < 4)
        {
            started.Elapsed.Should().BeLessThan(s_wait, $"A takes B's partitions back after B left (A {a.Assignment.Count})");
            a.Consume(TimeSpan.FromMilliseconds(20));
        }

        a.Close();
    }

    [Fact]
    public void A_committed_transaction_takes_one_offset_for_its_control_marker_and_its_records_are_read_committed()
    {
        CreateTopic("scenario-txn", 1);
        var config = ProducerConfig();
        config.TransactionalId = "scenario-txn-producer";
        using (var producer = Supplier.GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, config)))
        {
            producer.InitTransactions(s_wait);
            producer.BeginTransaction();
            for (var i = 0; i < 3; i++)
            {
                producer.Produce(new TopicPartition("scenario-txn", 0), new Message<byte[], byte[]> { Key = Bytes($"k{i}"), Value = Bytes($"t{i}") });
            }

            producer.CommitTransaction(s_wait);
        }

        using var consumer = Consumer("scenario-txn-reader", KafkaClientRole.RestoreConsumer);
        var tp = new TopicPartition("scenario-txn", 0);
        consumer.QueryWatermarkOffsets(tp, s_wait).High.Value.Should().Be(4, "three records and the COMMIT marker");
        consumer.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
        ConsumeExactly(consumer, 3).Select(r => Text(r.Message.Value)).Should().Equal("t0", "t1", "t2");
    }

    private static int JavaPartition(string key, int partitions) => (JavaMurmur2(Bytes(key)) & 0x7fffffff) % partitions;

    /// <summary>Kafka's <c>org.apache.kafka.common.utils.Utils#murmur2</c>, transcribed independently of the model's copy.</summary>
    private static int JavaMurmur2(byte[] data)
    {
        unchecked
        {
            var length = data.Length;
            const int seed = unchecked((int)0x9747b28c);
            const int m = 0x5bd1e995;
            const int r = 24;
            var h = seed ^ length;
            var length4 = length / 4;
            for (var i = 0; i < length4; i++)
            {
                var i4 = i * 4;
                var k = (data[i4 + 0] & 0xff) + ((data[i4 + 1] & 0xff) << 8) + ((data[i4 + 2] & 0xff) << 16) + ((data[i4 + 3] & 0xff) << 24);
                k *= m;
                k ^= (int)((uint)k >> r);
                k *= m;
                h *= m;
                h ^= k;
            }

            switch (length % 4)
            {
                case 3:
                    h ^= (data[(length & ~3) + 2] & 0xff) << 16;
                    goto case 2;
                case 2:
                    h ^= (data[(length & ~3) + 1] & 0xff) << 8;
                    goto case 1;
                case 1:
                    h ^= data[length & ~3] & 0xff;
                    h *= m;
                    break;
            }

            h ^= (int)((uint)h >> 13);
            h *= m;
            h ^= (int)((uint)h >> 15);
            return h;
        }
    }

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private static string Text(byte[]? b) => b is null ? "<null>" : Encoding.UTF8.GetString(b);

    private static List<ConsumeResult<byte[], byte[]>> ConsumeExactly(IConsumer<byte[], byte[]> consumer, int count)
    {
        var started = Stopwatch.StartNew();
        var results = new List<ConsumeResult<byte[], byte[]>>();
        while (results.Count < count)
        {
            if (started.Elapsed > s_wait)
            {
                throw new TimeoutException($"Consumed {results.Count} of {count} records in {s_wait}.");
            }

            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } result)
            {
                results.Add(result);
            }
        }

        return results;
    }

    private ProducerConfig ProducerConfig() => new() { BootstrapServers = BootstrapServers, LingerMs = 5, Partitioner = Partitioner.Murmur2Random };

    private ConsumerConfig ConsumerConfig(string groupId) => new()
    {
        BootstrapServers = BootstrapServers,
        GroupId = groupId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        FetchWaitMaxMs = 10,
        SessionTimeoutMs = 6000,
        HeartbeatIntervalMs = 500,
    };

    private IConsumer<byte[], byte[]> Member(string group, bool cooperative, List<List<TopicPartition>> revoked)
    {
        var config = ConsumerConfig(group);
        config.PartitionAssignmentStrategy = cooperative ? PartitionAssignmentStrategy.CooperativeSticky : PartitionAssignmentStrategy.Range;
        return Supplier.GetConsumer(new KafkaConsumerRequest(KafkaClientRole.MainConsumer, config)
        {
            PartitionsRevokedHandler = (_, partitions) =>
            {
                if (partitions.Count > 0)
                {
                    revoked.Add([.. partitions.Select(p => p.TopicPartition)]);
                }
            },
        });
    }

    private IProducer<byte[], byte[]> Producer() => Supplier.GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, ProducerConfig()));

    private IConsumer<byte[], byte[]> Consumer(string groupId, KafkaClientRole role) => Supplier.GetRestoreConsumer(new KafkaConsumerRequest(role, ConsumerConfig(groupId)));
}

/// <summary><see cref="KafkaModelScenarios"/> on the in-memory Kafka model.</summary>
public sealed class InMemoryKafkaModelScenarioTests : KafkaModelScenarios
{
    private readonly InMemoryKafkaCluster _cluster = new();

    public InMemoryKafkaModelScenarioTests() => Supplier = new InMemoryKafkaClientSupplier(_cluster);

    protected override IKafkaClientSupplier Supplier { get; }

    protected override string BootstrapServers => _cluster.BootstrapServers;

    protected override void CreateTopic(string name, int partitions) => _cluster.CreateTopic(name, partitions);
}

/// <summary><see cref="KafkaModelScenarios"/> on the embedded broker (librdkafka's mock cluster), with Confluent's clients.</summary>
public sealed class EmbeddedBrokerModelScenarioTests : KafkaModelScenarios, IDisposable
{
    private readonly EmbeddedKafkaCluster _cluster = EmbeddedKafkaCluster.Start();

    protected override IKafkaClientSupplier Supplier => DefaultKafkaClientSupplier.Instance;

    protected override string BootstrapServers => _cluster.BootstrapServers;

    public void Dispose() => _cluster.Dispose();

    protected override void CreateTopic(string name, int partitions) => _cluster.CreateTopic(name, partitions);
}
