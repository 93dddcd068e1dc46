using System.Reflection;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streams.Dsl;
using Streams.Errors;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Runtime.Internal;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.Runtime.Internal;

/// <summary>
/// A suppression buffer across a restart, through the runtime's own pieces: a task writes its changelogs, a new task
/// instance is restored from them by the <see cref="ChangelogRestorer"/> and emits what the first one had buffered.
/// </summary>
public sealed class SuppressRestartTests : IDisposable
{
    private const string App = "app";
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Suppressed_updates_buffered_before_a_restart_are_restored_and_emitted_after_it()
    {
        var topology = BuildTopology();
        var changelog = new FakeRecordCollector();
        var first = StartTask(topology, changelog);
        first.AddRecord(RawRecords.Utf8("t", 0, 0, 1_000, "k", "v1"));
        first.AddRecord(RawRecords.Utf8("t", 0, 1, 2_000, "k", "v2"));
        first.AddRecord(RawRecords.Utf8("t", 0, 2, 3_000, "gone", "x"));
        first.AddRecord(RawRecords.Utf8("t", 0, 3, 13_000, "late", "y")); // stream time 13 s: k (buffered at 1 s) and gone (3 s) are due
        ProcessAll(first);
        first.PrepareCommit();
        Outputs(changelog).Should().Equal(("k", "v2"), ("gone", "x"));
        first.Close();

        var output = new FakeRecordCollector();
        var second = StartTask(topology, output, changelog.Sent, checkpointEverything: true);
        second.AddRecord(RawRecords.Utf8("t", 0, 4, 23_000, "next", "z"));
        ProcessAll(second);

        Outputs(output).Should().Equal([("late", "y")], "late (13 s) was buffered before the restart and survived it; k and gone had been emitted already");
    }

    [Fact]
    public void A_buffer_with_logging_disabled_starts_empty_after_a_restart()
    {
        var topology = BuildTopology(logging: false);
        var changelog = new FakeRecordCollector();
        var first = StartTask(topology, changelog);
        first.AddRecord(RawRecords.Utf8("t", 0, 0, 1_000, "k", "v"));
        ProcessAll(first);
        first.PrepareCommit();
        first.Close();

        var output = new FakeRecordCollector();
        var second = StartTask(topology, output, changelog.Sent, checkpointEverything: true);
        second.AddRecord(RawRecords.Utf8("t", 0, 1, 20_000, "next", "z"));
        ProcessAll(second);

        Outputs(output).Should().BeEmpty();
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A table in a store that claims to be persistent (so the task is checkpointed, as with RocksDB), suppressed for 10 s.</summary>
    private static InternalTopologyBuilder BuildTopology(bool logging = true)
    {
        var builder = new StreamsBuilder();
        var suppressed = Suppressed<string?>.UntilTimeLimit(TimeSpan.FromSeconds(10), BufferConfig.Unbounded()).WithName("wait");
        builder.Table<string?, string?>("t", Consumed<string?, string?>.With(Serdes.String, Serdes.String), Materialized<string?, string?>.As(new PersistentSupplier("table")))
            .Suppress(logging ? suppressed : suppressed.WithLoggingDisabled())
            .ToStream()
            .To("out", Produced<string?, string?>.With(Serdes.String, Serdes.String));
        return builder.Build().Builder;
    }

    private StreamTask StartTask(InternalTopologyBuilder builder, FakeRecordCollector collector, IReadOnlyList<SentRecord>? changelogs = null, bool checkpointEverything = false)
    {
        var id = new TaskId(0, 0);
        var topology = builder.BuildTask(0, App, InMemoryDslStoreSuppliers.Instance);
        var context = new TaskContext(App, id, _dir.Path, collector, TimeProvider.System, topology.ChangelogTopics, new Dictionary<string, IStateStore>());
        var task = new StreamTask(id, topology, context, [new TopicPartition("t", 0)], LogAndFailExceptionHandler.Instance, NullLogger.Instance);
        task.InitializeStores();
        if (changelogs is not null)
        {
            // As the runtime's checkpoint of a task with a persistent store: every changelog, at its end.
            var records = changelogs.Where(r => topology.ChangelogTopics.Values.Contains(r.Topic)).ToList();
            var checkpoint = checkpointEverything
                ? topology.ChangelogTopics.Values.ToDictionary(t => new TopicPartition(t, 0), t => (long)records.Count(r => r.Topic == t))
                : [];
            var consumer = FakeRestoreConsumer.Create(records);
            new ChangelogRestorer(consumer, null!, NullLogger.Instance, TimeSpan.FromSeconds(5)).Restore(task, checkpoint, new Dictionary<TopicPartition, long>(), CancellationToken.None);
        }

        task.InitializeTopology();
        return task;
    }

    private static void ProcessAll(StreamTask task)
    {
        while (task.Process())
        {
        }
    }

    private static List<(string? Key, string? Value)> Outputs(FakeRecordCollector collector) =>
        collector.Sent.Where(r => r.Topic == "out")
            .Select(r => (Serdes.String.Deserialize(r.Key, r.Key is null, default), Serdes.String.Deserialize(r.Value, r.Value is null, default)))
            .ToList();

    private sealed class PersistentSupplier(string name) : IKeyValueBytesStoreSupplier
    {
        public string Name => name;

        public IKeyValueBytesStore Get() => new PersistentStore(new InMemoryKeyValueBytesStore(name));
    }

    /// <summary>An in-memory store that reports itself persistent, standing in for RocksDB.</summary>
    private sealed class PersistentStore(InMemoryKeyValueBytesStore inner) : IKeyValueBytesStore
    {
        public string Name => inner.Name;

        public bool Persistent => true;

        public bool IsOpen => inner.IsOpen;

        public long ApproximateNumEntries => inner.ApproximateNumEntries;

        public void Init(IStateStoreContext context, IStateStore root) => inner.Init(context, root);

        public byte[]? Get(ReadOnlySpan<byte> key) => inner.Get(key);

        public void Put(ReadOnlySpan<byte> key, byte[]? value) => inner.Put(key, value);

        public void PutAll(IReadOnlyList<KeyValuePair<byte[], byte[]?>> entries) => inner.PutAll(entries);

        public void Delete(ReadOnlySpan<byte> key) => inner.Delete(key);

        public IKeyValueIterator<byte[], byte[]> Range(byte[]? from, byte[]? to) => inner.Range(from, to);

        public IKeyValueIterator<byte[], byte[]> PrefixScan(byte[] prefix) => inner.PrefixScan(prefix);

        public void Flush() => inner.Flush();

        public void Close() => inner.Close();
    }

    /// <summary>The restore consumer's four calls, served from captured changelog records (partition 0, offsets by position).</summary>
    public class FakeRestoreConsumer : DispatchProxy
    {
        private List<SentRecord> _records = [];
        private readonly Queue<ConsumeResult<byte[], byte[]>> _pending = new();

        internal static IConsumer<byte[], byte[]> Create(List<SentRecord> records)
        {
            var proxy = Create<IConsumer<byte[], byte[]>, FakeRestoreConsumer>();
            ((FakeRestoreConsumer)(object)proxy)._records = records;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod!.Name)
            {
                case "QueryWatermarkOffsets":
                    var tp = (TopicPartition)args![0]!;
                    return new WatermarkOffsets(0, _records.Count(r => r.Topic == tp.Topic));
                case "Assign":
                    foreach (var start in (IEnumerable<TopicPartitionOffset>)args![0]!)
                    {
                        var ofTopic = _records.Where(r => r.Topic == start.Topic).ToList();
                        for (var offset = (int)start.Offset.Value; offset < ofTopic.Count; offset++)
                        {
                            _pending.Enqueue(RawRecords.Create(start.Topic, 0, offset, ofTopic[offset].Timestamp, ofTopic[offset].Key, ofTopic[offset].Value));
                        }
                    }

                    return null;
                case "Consume" when args is [TimeSpan]:
                    return _pending.TryDequeue(out var next) ? next : null;
                case "Unassign":
                    return null;
                default:
                    throw new NotSupportedException(targetMethod.Name);
            }
        }
    }
}
