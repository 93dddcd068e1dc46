using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streams.Dsl;
using Streams.Errors;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State.Internal;
using Streams.Tests.Support;
using Streams.Runtime.Internal;
using Streams.State;

namespace Streams.Tests.Runtime.Internal;

public class ChangelogRestorerTests
{
    [Fact]
    public void Stores_that_need_timestamps_get_the_records_with_their_timestamps()
    {
        var callback = new RecordingCallback();

        ChangelogRestorer.Apply(callback, [new([1], [2], 10), new([3], null, 20)]);

        callback.Records.Select(r => (r.Key[0], r.Value?[0], r.TimestampMs)).Should().Equal(((byte)1, (byte?)2, 10L), ((byte)3, (byte?)null, 20L));
    }

    [Fact]
    public void Other_stores_get_key_value_pairs_in_changelog_order()
    {
        var callback = new PairsCallback();

        ChangelogRestorer.Apply(callback, [new([1], [2], 10), new([3], null, 20)]);

        callback.Pairs.Select(p => (p.Key[0], p.Value?[0])).Should().Equal(((byte)1, (byte?)2), ((byte)3, (byte?)null));
    }

    [Fact]
    public void A_changelog_of_several_batches_is_restored_completely_and_in_order_with_writes_overlapping_the_reads()
    {
        // 2,500 records = 2 full batches written on the worker while reading, then the 500-record rest; keys repeat across
        // batches, so only in-order application leaves each key at its last value.
        var builder = new StreamsBuilder();
        builder.Table("t", Consumed<string?, string?>.With(Serdes.String, Serdes.String), Materialized<string?, string?>.As("table"));
        var topology = builder.Build().Builder.BuildTask(0, "app", InMemoryDslStoreSuppliers.Instance);
        var changelog = topology.ChangelogTopics["table"];
        var valueSerde = new ValueAndTimestampSerde<string?>(Serdes.String);
        var records = Enumerable.Range(0, 2_500)
            .Select(i => new SentRecord(changelog, Encoding.UTF8.GetBytes($"k{i % 700}"), valueSerde.Serialize(new ValueAndTimestamp<string?>($"v{i}", i), default), null, i, 0))
            .ToList();
        using var dir = new TempDirectory();
        var context = new TaskContext("app", new TaskId(0, 0), dir.Path, new FakeRecordCollector(), TimeProvider.System, topology.ChangelogTopics, new Dictionary<string, IStateStore>());
        var task = new StreamTask(new TaskId(0, 0), topology, context, [new TopicPartition("t", 0)], LogAndFailExceptionHandler.Instance, NullLogger.Instance);
        task.InitializeStores();
        var restorer = new ChangelogRestorer(SuppressRestartTests.FakeRestoreConsumer.Create(records), null!, NullLogger.Instance, TimeSpan.FromSeconds(5));

        restorer.Restore(task, new Dictionary<TopicPartition, long>(), new Dictionary<TopicPartition, long>(), CancellationToken.None);

        restorer.RestoredRecords.Should().Be(2_500);
        var store = (ITimestampedKeyValueStore<string?, string?>)topology.Stores.Single(s => s.Name == "table");
        store.ApproximateNumEntries.Should().Be(700);
        Enumerable.Range(0, 700).Select(k => store.Get($"k{k}")!.Value).Should().Equal(Enumerable.Range(0, 700).Select(k => $"v{Enumerable.Range(0, 2_500).Last(i => i % 700 == k)}"));
        task.Close();
    }

    private sealed class RecordingCallback : IRecordBatchingStateRestoreCallback
    {
        public List<StateRestoreRecord> Records { get; } = [];

        public void RestoreBatch(IReadOnlyList<StateRestoreRecord> records) => Records.AddRange(records);
    }

    private sealed class PairsCallback : IStateRestoreCallback
    {
        public List<KeyValuePair<byte[], byte[]?>> Pairs { get; } = [];

        public void RestoreBatch(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records) => Pairs.AddRange(records);
    }
}
