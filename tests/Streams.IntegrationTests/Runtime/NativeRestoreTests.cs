using System.Buffers.Binary;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streams.Dsl;
using Streams.Errors;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.RocksDb;
using Streams.Runtime.Internal;
using Streams.Serialization;
using Streams.State;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// Restores read changelogs in batches straight from librdkafka (<see cref="LibrdkafkaBatchReader"/>) and RocksDB
/// stores take the bytes into their write batches without arrays: what is read and restored must be exactly what a
/// Confluent consumer would have read, on the embedded broker.
/// </summary>
public sealed class NativeRestoreTests() : EmbeddedBrokerTestBase("streams-native-restore-")
{
    private const string Topic = "native-restore";

    [Fact]
    public void The_batch_reader_reads_keys_values_tombstones_and_timestamps_in_place_across_batches_and_moves_the_position()
    {
        Cluster.CreateTopic(Topic, 1);
        var sent = new List<(byte[]? Key, byte[]? Value, long Timestamp)>
        {
            ("k1"u8.ToArray(), "v1"u8.ToArray(), 10),
            (null, "no key"u8.ToArray(), 11),
            ("k2"u8.ToArray(), null, 12),
            ("k3"u8.ToArray(), [], 13),
        };
        for (var i = 0; i < 2_500; i++)
        {
            sent.Add((Encoding.UTF8.GetBytes($"key-{i % 300}"), Encoding.UTF8.GetBytes($"value-{i}"), 100 + i));
        }

        ProduceBytes(sent);
        using var consumer = AssignOnlyConsumer();
        var tp = new TopicPartition(Topic, 0);
        consumer.Assign(new TopicPartitionOffset(tp, 0));
        using var reader = LibrdkafkaBatchReader.TryCreate(consumer);
        reader.Should().NotBeNull("the restore consumer is Confluent.Kafka's own consumer");

        var read = new List<(long Offset, string Topic, int Partition, byte[]? Key, byte[]? Value, long Timestamp)>();
        var largestBatch = 0;
        var started = Stopwatch.StartNew();
        while (read.Count < sent.Count && started.Elapsed < Wait)
        {
            var n = reader!.Read(TimeSpan.FromMilliseconds(200));
            largestBatch = Math.Max(largestBatch, n);
            for (var i = 0; i < n; i++)
            {
                var r = reader[i];
                read.Add((r.Offset, r.Topic, r.Partition, r.HasKey ? r.Key.ToArray() : null, r.IsTombstone ? null : r.Value.ToArray(), r.TimestampMs));
            }
        }

        read.Select(r => r.Offset).Should().Equal(Enumerable.Range(0, sent.Count).Select(i => (long)i));
        read.Should().OnlyContain(r => r.Topic == Topic && r.Partition == 0);
        read.Select(r => r.Key).Should().BeEquivalentTo(sent.Select(s => s.Key), o => o.WithStrictOrdering());
        read.Select(r => r.Value).Should().BeEquivalentTo(sent.Select(s => s.Value), o => o.WithStrictOrdering());
        read.Select(r => r.Timestamp).Should().Equal(sent.Select(s => s.Timestamp));
        read[2].Value.Should().BeNull("a tombstone stays null");
        read[3].Value.Should().BeEmpty("an empty value is not a tombstone");
        largestBatch.Should().BeGreaterThan(1, "records that are queued together come out of one call");
        largestBatch.Should().BeLessThanOrEqualTo(LibrdkafkaBatchReader.Capacity);
        consumer.Position(tp).Value.Should().Be(sent.Count, "librdkafka moves the position as the batch API hands records out");
    }

    [Fact]
    public void A_consumer_that_is_not_Confluents_gets_no_batch_reader()
    {
        var fake = DispatchProxy.Create<IConsumer<byte[], byte[]>, ThrowingProxy>();

        LibrdkafkaBatchReader.TryCreate(fake).Should().BeNull();
    }

    [Fact]
    public void A_partition_error_fails_the_read_naming_the_topic_and_partition()
    {
        Cluster.CreateTopic(Topic, 1);
        ProduceBytes([("k"u8.ToArray(), "v"u8.ToArray(), 1)]);
        using var consumer = AssignOnlyConsumer(AutoOffsetReset.Error);
        consumer.Assign(new TopicPartitionOffset(new TopicPartition(Topic, 0), 50));
        using var reader = LibrdkafkaBatchReader.TryCreate(consumer)!;

        var read = () =>
        {
            var started = Stopwatch.StartNew();
            while (started.Elapsed < Wait)
            {
                reader.Read(TimeSpan.FromMilliseconds(200)).Should().Be(0, "no record exists at offset 50");
            }
        };

        read.Should().Throw<ConsumeException>()
            .Where(e => e.ConsumerRecord.Topic == Topic && e.ConsumerRecord.Partition.Value == 0 && e.Error.IsError);
    }

    [Theory]
    [InlineData("rocksdb")]
    [InlineData("memory")]
    public void A_store_restored_from_a_changelog_holds_the_last_value_of_every_key_and_none_of_the_deleted_ones(string stores)
    {
        const string store = "native-restore-store";
        var changelog = $"native-app-{store}-changelog";
        Cluster.CreateTopic(changelog, 1);
        var expected = new Dictionary<string, string>();
        var sent = new List<(byte[]? Key, byte[]? Value, long Timestamp)>();
        for (var i = 0; i < 3_500; i++)
        {
            var key = $"key-{i % 400}";
            if (i % 7 == 3)
            {
                sent.Add((Encoding.UTF8.GetBytes(key), null, i));
                expected.Remove(key);
            }
            else
            {
                var value = $"value-{i}";
                var bytes = new byte[8 + Encoding.UTF8.GetByteCount(value)];
                BinaryPrimitives.WriteInt64BigEndian(bytes, i);
                Encoding.UTF8.GetBytes(value, bytes.AsSpan(8));
                sent.Add((Encoding.UTF8.GetBytes(key), bytes, i));
                expected[key] = value;
            }
        }

        ProduceBytes(sent, changelog);
        var options = new StreamsOptions { ApplicationId = "native-app", BootstrapServers = Cluster.BootstrapServers, StateDirectory = StateDir };
        var builder = new StreamsBuilder();
        builder.Table("native-input", Consumed<string?, string?>.With(Serdes.String, Serdes.String), Materialized<string?, string?>.As(store));
        IDslStoreSuppliers suppliers = stores == "rocksdb" ? RocksDbDslStoreSuppliers.Instance : InMemoryDslStoreSuppliers.Instance;
        using var stateDirectory = new StateDirectory(StateDir, options.ApplicationId);
        var id = new TaskId(0, 0);
        var processors = builder.Build().Builder.BuildTask(0, options.ApplicationId, suppliers, null);
        var context = new TaskContext(options.ApplicationId, id, stateDirectory.TaskDirectory(id), new DiscardingRecordCollector(), TimeProvider.System, processors.ChangelogTopics, new Dictionary<string, IStateStore>());
        var task = new StreamTask(id, processors, context, [], LogAndFailExceptionHandler.Instance, NullLogger.Instance);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(ClientConfigs.AssignOnlyConsumer(options, "native-restore")).Build();
        var restorer = new ChangelogRestorer(consumer, stateDirectory, NullLogger.Instance, Wait);
        var checkpoint = restorer.PrepareTask(id, processors);
        task.InitializeStores();
        try
        {
            restorer.Restore(task, checkpoint, new Dictionary<TopicPartition, long>(), CancellationToken.None);

            restorer.RestoredRecords.Should().Be(sent.Count);
            var kv = (IKeyValueStore<string?, ValueAndTimestamp<string?>>)processors.Stores.Single(s => s.Name == store);
            var restored = new Dictionary<string, string>();
            using (var all = kv.All())
            {
                while (all.MoveNext())
                {
                    restored[all.Current.Key!] = all.Current.Value!.Value!;
                }
            }

            restored.Should().Equal(expected);
            var deleted = Enumerable.Range(0, 400).Select(k => $"key-{k}").Where(k => !expected.ContainsKey(k)).ToList();
            deleted.Should().NotBeEmpty("some keys end with a tombstone");
            deleted.Should().OnlyContain(k => kv.Get(k) == null);
            kv.Get("key-0")!.TimestampMs.Should().Be(3_200, "the timestamp travels in the changelog value");
        }
        finally
        {
            task.Close();
        }
    }

    private IConsumer<byte[], byte[]> AssignOnlyConsumer(AutoOffsetReset reset = AutoOffsetReset.Earliest) =>
        new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = Cluster.BootstrapServers,
            GroupId = "native-reader",
            EnableAutoCommit = false,
            AutoOffsetReset = reset,
        }).Build();

    private void ProduceBytes(IEnumerable<(byte[]? Key, byte[]? Value, long Timestamp)> records, string topic = Topic)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = Cluster.BootstrapServers }).Build();
        foreach (var (key, value, timestamp) in records)
        {
            producer.Produce(new TopicPartition(topic, 0), new Message<byte[]?, byte[]?> { Key = key, Value = value, Timestamp = new Timestamp(timestamp, TimestampType.CreateTime) });
        }

        producer.Flush(Wait).Should().Be(0);
    }

    /// <summary>A test double of a consumer: any call fails.</summary>
    public class ThrowingProxy : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => throw new NotSupportedException(targetMethod?.Name);
    }

    private sealed class DiscardingRecordCollector : IRecordCollector
    {
        public IReadOnlyDictionary<TopicPartition, long> AcknowledgedOffsets { get; } = new Dictionary<TopicPartition, long>();

        public void Send(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp, int? partition)
        {
        }

        public void Flush()
        {
        }
    }
}
