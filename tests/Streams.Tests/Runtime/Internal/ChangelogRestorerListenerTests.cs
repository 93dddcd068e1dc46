using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
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
/// What <see cref="ChangelogRestorer"/> tells the <see cref="IStateRestoreListener"/> and the restore metrics, as Kafka
/// Streams' changelog reader: start with the offsets, one call per batch written (1,000 records) with the batch's last
/// offset, end with the total, or suspension when the restore stops early.
/// </summary>
public class ChangelogRestorerListenerTests
{
    [Fact]
    public void The_listener_hears_the_start_each_batch_with_its_last_offset_and_the_end_with_the_total()
    {
        using var restore = new Restore("table", records: 2_500);
        var listener = new RecordingListener();

        restore.Run(listener);

        var tp = new TopicPartition(restore.Changelog, 0);
        listener.Calls.Should().Equal(
            $"start {tp} table 0 2500",
            $"batch {tp} table 999 1000",
            $"batch {tp} table 1999 1000",
            $"batch {tp} table 2499 500",
            $"end {tp} table 2500");
    }

    [Fact]
    public void Each_changelog_of_a_task_is_reported_on_its_own_and_ends_after_its_last_batch()
    {
        var builder = new StreamsBuilder();
        var left = builder.Table("a", Consumed<string?, string?>.With(Serdes.String, Serdes.String), Materialized<string?, string?>.As("a-store"));
        var right = builder.Table("b", Consumed<string?, string?>.With(Serdes.String, Serdes.String), Materialized<string?, string?>.As("b-store"));
        left.Join(right, (l, r) => l + r);
        var topology = builder.Build().Builder.BuildTask(0, "app", InMemoryDslStoreSuppliers.Instance);
        var (a, b) = (topology.ChangelogTopics["a-store"], topology.ChangelogTopics["b-store"]);
        var valueSerde = new ValueAndTimestampSerde<string?>(Serdes.String);
        SentRecord Record(string topic, int i) => new(topic, Encoding.UTF8.GetBytes($"k{i}"), valueSerde.Serialize(new ValueAndTimestamp<string?>($"v{i}", i), default), null, i, 0);
        var records = Enumerable.Range(0, 1_500).Select(i => Record(a, i)).Concat(Enumerable.Range(0, 1_000).Select(i => Record(b, i))).ToList();
        using var dir = new TempDirectory();
        var context = new TaskContext("app", new TaskId(0, 0), dir.Path, new FakeRecordCollector(), TimeProvider.System, topology.ChangelogTopics, new Dictionary<string, IStateStore>());
        var task = new StreamTask(new TaskId(0, 0), topology, context, [new TopicPartition("a", 0), new TopicPartition("b", 0)], LogAndFailExceptionHandler.Instance, NullLogger.Instance);
        task.InitializeStores();
        var listener = new RecordingListener();
        var restorer = new ChangelogRestorer(
            SuppressRestartTests.FakeRestoreConsumer.Create(records), null!, NullLogger.Instance, TimeSpan.FromSeconds(5), new RestoreReporter(listener, NullLogger.Instance));

        restorer.Restore(task, new Dictionary<TopicPartition, long>(), new Dictionary<TopicPartition, long>(), CancellationToken.None);
        task.Close();

        var (tpa, tpb) = (new TopicPartition(a, 0), new TopicPartition(b, 0));
        listener.Calls.Where(c => c.Contains("a-store", StringComparison.Ordinal)).Should().Equal(
            $"start {tpa} a-store 0 1500", $"batch {tpa} a-store 999 1000", $"batch {tpa} a-store 1499 500", $"end {tpa} a-store 1500");
        listener.Calls.Where(c => c.Contains("b-store", StringComparison.Ordinal)).Should().Equal(
            $"start {tpb} b-store 0 1000", $"batch {tpb} b-store 999 1000", $"end {tpb} b-store 1000");
        restorer.RestoredRecords.Should().Be(2_500);
    }

    [Fact]
    public void Records_with_a_null_key_are_skipped_and_not_counted()
    {
        using var restore = new Restore("table", records: 10, nullKeyAt: 3);
        var listener = new RecordingListener();

        restore.Run(listener);

        var tp = new TopicPartition(restore.Changelog, 0);
        listener.Calls.Should().Equal($"start {tp} table 0 10", $"batch {tp} table 9 9", $"end {tp} table 9");
        restore.Restorer.RestoredRecords.Should().Be(9);
    }

    [Fact]
    public void An_empty_changelog_is_started_and_ended_with_nothing_restored()
    {
        using var restore = new Restore("table", records: 0);
        var listener = new RecordingListener();

        restore.Run(listener);

        var tp = new TopicPartition(restore.Changelog, 0);
        listener.Calls.Should().Equal($"start {tp} table 0 0", $"end {tp} table 0");
    }

    [Fact]
    public void A_listener_that_throws_from_every_callback_does_not_stop_the_restore()
    {
        using var restore = new Restore("table", records: 2_500);
        var listener = new RecordingListener { Throw = true };

        restore.Run(listener);

        listener.Calls.Should().HaveCount(5, "every callback was still called");
        restore.Restorer.RestoredRecords.Should().Be(2_500);
        restore.Store.ApproximateNumEntries.Should().Be(700);
        restore.Store.Get("k699")!.Value.Should().Be("v2099");
    }

    [Fact]
    public void A_restore_stopped_by_shutdown_is_reported_suspended_with_what_was_written_and_never_ended()
    {
        using var restore = new Restore("table", records: 5_000);
        using var stop = new CancellationTokenSource();

        // Stops after the first batch is reported; the batch written meanwhile is still reported before the suspension.
        var listener = new RecordingListener { OnBatch = stop.Cancel };

        var run = () => restore.Run(listener, stop.Token);

        run.Should().Throw<OperationCanceledException>();
        var tp = new TopicPartition(restore.Changelog, 0);
        listener.Calls.Should().Equal(
            $"start {tp} table 0 5000",
            $"batch {tp} table 999 1000",
            $"batch {tp} table 1999 1000",
            $"suspended {tp} table 2000");
    }

    [Fact]
    public void Restored_records_are_counted_and_the_remaining_records_are_observable_while_restoring()
    {
        using var restore = new Restore("metered-table", records: 2_500);
        using var meter = new RestoreMeter("metered-table");
        var remaining = new List<long>();
        var listener = new RecordingListener
        {
            OnBatch = () => remaining.Add(meter.Remaining()),
        };

        restore.Run(listener);

        meter.Restored.Should().Be(2_500);
        remaining.Should().Equal(2_500 - 1_000, 2_500 - 2_000, 0);
        meter.Remaining().Should().Be(-1, "a finished restore is no longer reported");
    }

    /// <summary>A table whose in-memory store is restored from a fake changelog of keys k0..k699 (value v{i} at offset i).</summary>
    private sealed class Restore : IDisposable
    {
        private readonly TempDirectory _dir = new();
        private readonly StreamTask _task;
        private readonly List<SentRecord> _records;

        public Restore(string storeName, int records, int nullKeyAt = -1)
        {
            var builder = new StreamsBuilder();
            builder.Table("t", Consumed<string?, string?>.With(Serdes.String, Serdes.String), Materialized<string?, string?>.As(storeName));
            var topology = builder.Build().Builder.BuildTask(0, "app", InMemoryDslStoreSuppliers.Instance);
            Changelog = topology.ChangelogTopics[storeName];
            var valueSerde = new ValueAndTimestampSerde<string?>(Serdes.String);
            _records = Enumerable.Range(0, records)
                .Select(i => new SentRecord(
                    Changelog, i == nullKeyAt ? null : Encoding.UTF8.GetBytes($"k{i % 700}"), valueSerde.Serialize(new ValueAndTimestamp<string?>($"v{i}", i), default), null, i, 0))
                .ToList();
            var context = new TaskContext("app", new TaskId(0, 0), _dir.Path, new FakeRecordCollector(), TimeProvider.System, topology.ChangelogTopics, new Dictionary<string, IStateStore>());
            _task = new StreamTask(new TaskId(0, 0), topology, context, [new TopicPartition("t", 0)], LogAndFailExceptionHandler.Instance, NullLogger.Instance);
            _task.InitializeStores();
            Store = (ITimestampedKeyValueStore<string?, string?>)topology.Stores.Single(s => s.Name == storeName);
        }

        public string Changelog { get; }

        public ITimestampedKeyValueStore<string?, string?> Store { get; }

        public ChangelogRestorer Restorer { get; private set; } = null!;

        public void Run(IStateRestoreListener listener, CancellationToken cancellationToken = default)
        {
            Restorer = new ChangelogRestorer(
                SuppressRestartTests.FakeRestoreConsumer.Create(_records), null!, NullLogger.Instance, TimeSpan.FromSeconds(5), new RestoreReporter(listener, NullLogger.Instance));
            Restorer.Restore(_task, new Dictionary<TopicPartition, long>(), new Dictionary<TopicPartition, long>(), cancellationToken);
        }

        public void Dispose()
        {
            _task.Close();
            _dir.Dispose();
        }
    }

    private sealed class RecordingListener : IStateRestoreListener
    {
        public List<string> Calls { get; } = [];

        public bool Throw { get; init; }

        public Action? OnBatch { get; init; }

        public void OnRestoreStart(TopicPartition topicPartition, string storeName, long startingOffset, long endingOffset) =>
            Record($"start {topicPartition} {storeName} {startingOffset} {endingOffset}");

        public void OnBatchRestored(TopicPartition topicPartition, string storeName, long batchEndOffset, long numRestored)
        {
            Record($"batch {topicPartition} {storeName} {batchEndOffset} {numRestored}");
            OnBatch?.Invoke();
        }

        public void OnRestoreEnd(TopicPartition topicPartition, string storeName, long totalRestored) =>
            Record($"end {topicPartition} {storeName} {totalRestored}");

        public void OnRestoreSuspended(TopicPartition topicPartition, string storeName, long totalRestored) =>
            Record($"suspended {topicPartition} {storeName} {totalRestored}");

        private void Record(string call)
        {
            Calls.Add(call);
            if (Throw)
            {
                throw new InvalidOperationException("listener failure");
            }
        }
    }

    /// <summary>The restore instruments for one store name (unique per test, as tests run in parallel).</summary>
    private sealed class RestoreMeter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly string _store;
        private readonly ConcurrentQueue<long> _restored = new();
        private long _remaining = -1;

        public RestoreMeter(string store)
        {
            _store = store;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StreamsTelemetry.MeterName && instrument.Name.StartsWith("streams.task.restore.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                if (!IsOurs(tags))
                {
                    return;
                }

                if (instrument.Name == "streams.task.restore.records")
                {
                    _restored.Enqueue(value);
                }
                else if (instrument.Name == "streams.task.restore.remaining")
                {
                    _remaining = value;
                }
            });
            _listener.Start();
        }

        public long Restored => _restored.Sum();

        /// <summary>The gauge's current value for the store, or -1 when it reports nothing for it.</summary>
        public long Remaining()
        {
            _remaining = -1;
            _listener.RecordObservableInstruments();
            return _remaining;
        }

        public void Dispose() => _listener.Dispose();

        private bool IsOurs(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var task = false;
            var store = false;
            foreach (var tag in tags)
            {
                task |= tag.Key == "task" && (string?)tag.Value == "0_0";
                store |= tag.Key == "store" && (string?)tag.Value == _store;
            }

            return task && store;
        }
    }
}
