using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streams.Dsl;
using Streams.Errors;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State;
using Streams.Tests.Support;

namespace Streams.Tests.Processor.Internal;

public sealed class StreamTaskTests : IDisposable
{
    private static readonly TopicPartition A0 = new("a", 0);
    private static readonly TopicPartition B0 = new("b", 0);

    private readonly TempDirectory _dir = new();
    private readonly FakeRecordCollector _collector = new();
    private readonly List<string> _seen = [];
    private readonly ManualTimeProvider _time = new(10_000);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Records_of_two_partitions_are_processed_in_timestamp_order()
    {
        var task = CreateTask(CapturingTopology(), [A0, B0]);
        task.AddRecord(RawRecords.Utf8("a", 0, 0, 5, "k", "a0"));
        task.AddRecord(RawRecords.Utf8("a", 0, 1, 30, "k", "a1"));
        task.AddRecord(RawRecords.Utf8("b", 0, 0, 10, "k", "b0"));
        task.AddRecord(RawRecords.Utf8("b", 0, 1, 20, "k", "b1"));

        while (task.Process())
        {
        }

        _seen.Should().Equal("a-0@0 a0 5", "b-0@0 b0 10", "b-0@1 b1 20", "a-0@1 a1 30");
        task.ProcessedCount.Should().Be(4);
        task.Buffered.Should().Be(0);
    }

    [Fact]
    public void Stream_time_is_the_largest_timestamp_processed()
    {
        var task = CreateTask(CapturingTopology(), [A0]);
        task.StreamTime.Should().Be(-1);
        task.AddRecord(RawRecords.Utf8("a", 0, 0, 50, "k", "v"));
        task.AddRecord(RawRecords.Utf8("a", 0, 1, 20, "k", "v"));

        task.Process();
        task.Process();

        task.StreamTime.Should().Be(50);
    }

    [Fact]
    public void Committed_offsets_are_the_last_processed_offset_plus_one_per_partition()
    {
        var task = CreateTask(CapturingTopology(), [A0, B0]);
        task.AddRecord(RawRecords.Utf8("a", 0, 10, 1, "k", "v"));
        task.AddRecord(RawRecords.Utf8("a", 0, 11, 2, "k", "v"));
        task.AddRecord(RawRecords.Utf8("b", 0, 40, 3, "k", "v"));
        task.AddRecord(RawRecords.Utf8("a", 0, 12, 4, "k", "v"));

        task.PrepareCommit().Should().BeEmpty("nothing is processed yet");

        task.Process();
        task.Process();
        task.Process();

        task.PrepareCommit().Should().BeEquivalentTo(new Dictionary<TopicPartition, long> { [A0] = 12, [B0] = 41 });
        task.CommittableOffsets.Should().BeEquivalentTo(new Dictionary<TopicPartition, long> { [A0] = 12, [B0] = 41 });
        task.Buffered.Should().Be(1);
    }

    [Fact]
    public void Deserialization_failure_with_LogAndFail_throws_naming_the_record()
    {
        var task = CreateTask(IntValueTopology(), [A0], LogAndFailExceptionHandler.Instance);

        var act = () => task.AddRecord(RawRecords.Create("a", 0, 5, 1, [1], [1, 2, 3]));

        act.Should().Throw<StreamsException>().WithMessage("*a-0@5*").Which.InnerException.Should().NotBeNull();
        task.Buffered.Should().Be(0);
        task.PrepareCommit().Should().BeEmpty();
    }

    [Fact]
    public void Deserialization_failure_with_LogAndContinue_skips_and_counts_the_record()
    {
        var task = CreateTask(IntValueTopology(), [A0], LogAndContinueExceptionHandler.Instance);

        task.AddRecord(RawRecords.Create("a", 0, 5, 1, [1], [1, 2, 3]));
        task.AddRecord(RawRecords.Create("a", 0, 6, 2, [1], [0, 0, 0, 9]));

        task.SkippedCount.Should().Be(1);
        task.Buffered.Should().Be(1);
        task.Process().Should().BeTrue();
        task.Process().Should().BeFalse();
        _seen.Should().Equal("a-0@6 9 2");
        task.PrepareCommit().Should().Equal(new Dictionary<TopicPartition, long> { [A0] = 7 });
    }

    [Fact]
    public void A_skipped_record_with_nothing_buffered_before_it_is_committed_past()
    {
        var task = CreateTask(IntValueTopology(), [A0], LogAndContinueExceptionHandler.Instance);

        task.AddRecord(RawRecords.Create("a", 0, 5, 1, [1], [1, 2, 3]));

        task.PrepareCommit().Should().Equal(new Dictionary<TopicPartition, long> { [A0] = 6 });
    }

    [Fact]
    public void A_skipped_record_behind_a_buffered_one_is_not_committed_past_the_buffered_one()
    {
        var task = CreateTask(IntValueTopology(), [A0], LogAndContinueExceptionHandler.Instance);

        task.AddRecord(RawRecords.Create("a", 0, 4, 1, [1], [0, 0, 0, 1]));
        task.AddRecord(RawRecords.Create("a", 0, 5, 1, [1], [1, 2, 3]));

        task.PrepareCommit().Should().BeEmpty();
        task.Process();
        task.PrepareCommit().Should().Equal(new Dictionary<TopicPartition, long> { [A0] = 5 });
    }

    [Fact]
    public void A_negative_extracted_timestamp_goes_to_the_deserialization_handler()
    {
        var builder = new StreamsBuilder();
        builder.Stream("a", Consumed<string, string>.With((_, _, _, _) => -1)).Foreach((_, _) => { });
        var task = CreateTask(builder, [A0], LogAndFailExceptionHandler.Instance);

        var act = () => task.AddRecord(RawRecords.Utf8("a", 0, 3, 1, "k", "v"));

        act.Should().Throw<StreamsException>().WithMessage("*a-0@3*negative*");
    }

    [Fact]
    public void A_processor_exception_is_wrapped_naming_the_processor_and_record()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("a")
            .Filter((_, _) => true, Named.As("keep"))
            .Process(() => new DelegateProcessor<string, string>((_, _) => throw new InvalidOperationException("kaboom")), Named.As("explode"));
        var task = CreateTask(builder, [A0]);
        task.AddRecord(RawRecords.Utf8("a", 0, 7, 99, "k", "v"));

        var act = () => task.Process();

        var thrown = act.Should().Throw<StreamsException>().Which;
        thrown.Message.Should().ContainAll("'explode'", "a-0@7", "99", "kaboom");
        thrown.Message.Should().NotContain("'keep'");
        thrown.InnerException.Should().BeOfType<InvalidOperationException>();
        task.PrepareCommit().Should().BeEmpty("a failed record is not committed");
    }

    [Fact]
    public void A_record_of_a_topic_without_source_is_rejected()
    {
        var task = CreateTask(CapturingTopology(), [A0]);

        var act = () => task.AddRecord(RawRecords.Utf8("elsewhere", 0, 1, 1, "k", "v"));

        act.Should().Throw<StreamsException>().WithMessage("*'elsewhere'*");
    }

    [Fact]
    public void Stream_time_punctuation_fires_with_the_first_record_and_sees_no_record_metadata()
    {
        var fired = new List<(long Time, RecordMetadata? Metadata)>();
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("a").Process(() => new DelegateProcessor<string, string>(
            (_, _) => { },
            ctx => ctx.Schedule(TimeSpan.FromMilliseconds(100), PunctuationType.StreamTime, t => fired.Add((t, ctx.RecordMetadata)))));
        var task = CreateTask(builder, [A0]);
        task.AddRecord(RawRecords.Utf8("a", 0, 0, 1_234, "k", "v"));
        task.AddRecord(RawRecords.Utf8("a", 0, 1, 1_250, "k", "v"));
        task.AddRecord(RawRecords.Utf8("a", 0, 2, 1_300, "k", "v"));

        task.Process();
        fired.Should().Equal((1_234L, (RecordMetadata?)null));

        task.Process();
        task.Process();
        fired.Select(f => f.Time).Should().Equal(1_234, 1_300);
    }

    [Fact]
    public void Wall_clock_punctuation_follows_the_time_provider()
    {
        var fired = new List<long>();
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("a").Process(() => new DelegateProcessor<string, string>(
            (_, _) => { },
            ctx => ctx.Schedule(TimeSpan.FromSeconds(1), PunctuationType.WallClockTime, fired.Add)));
        var task = CreateTask(builder, [A0]);

        task.PunctuateWallClock().Should().BeFalse();
        _time.Advance(TimeSpan.FromMilliseconds(999));
        task.PunctuateWallClock().Should().BeFalse();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        task.PunctuateWallClock().Should().BeTrue();
        _time.Advance(TimeSpan.FromSeconds(5));
        task.PunctuateWallClock().Should().BeTrue();
        task.PunctuateWallClock().Should().BeFalse();

        fired.Should().Equal(11_000, 16_000);
    }

    [Fact]
    public void A_punctuator_exception_is_wrapped_naming_the_task_and_processor()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("a").Process(
            () => new DelegateProcessor<string, string>(
                (_, _) => { },
                ctx => ctx.Schedule(TimeSpan.FromMilliseconds(10), PunctuationType.StreamTime, _ => throw new InvalidOperationException("tick failed"))),
            Named.As("ticker"));
        var task = CreateTask(builder, [A0], id: new TaskId(0, 0));
        task.AddRecord(RawRecords.Utf8("a", 0, 0, 100, "k", "v"));

        var act = () => task.Process();

        var thrown = act.Should().Throw<StreamsException>().Which;
        thrown.Message.Should().ContainAll("0_0", "'ticker'", "tick failed");
        thrown.InnerException.Should().BeOfType<InvalidOperationException>();
    }

    [Fact]
    public void Sinks_send_serialized_records_to_the_collector_with_the_record_timestamp()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("a").MapValues(v => v.Length).To("out");
        var task = CreateTask(builder, [A0]);
        task.AddRecord(RawRecords.Utf8("a", 0, 0, 77, "k", "four"));

        task.Process();

        _collector.Sent.Should().ContainSingle();
        _collector.Sent[0].Should().BeEquivalentTo(new { Topic = "out", Key = "k"u8.ToArray(), Value = new byte[] { 0, 0, 0, 4 }, Timestamp = 77L, Partition = (int?)null });
    }

    [Fact]
    public void Store_writes_go_to_the_changelog_on_the_task_partition()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("a").GroupByKey().Count(Materialized<string, long>.As("counts"));
        var a2 = new TopicPartition("a", 2);
        var task = CreateTask(builder, [a2], id: new TaskId(0, 2));
        task.AddRecord(RawRecords.Utf8("a", 2, 0, 500, "k", "v"));

        task.Process();

        var changelog = _collector.Sent.Should().ContainSingle(r => r.Topic == "app-counts-changelog").Which;
        changelog.Partition.Should().Be(2);
        changelog.Timestamp.Should().Be(500);
        changelog.Key.Should().Equal("k"u8.ToArray());
        task.Context.GetStore<ITimestampedKeyValueStore<string, long>>("counts").Get("k")
            .Should().Be(new ValueAndTimestamp<long>(1, 500));
    }

    [Fact]
    public void Close_drops_buffered_records_and_closes_stores()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("a").GroupByKey().Count(Materialized<string, long>.As("counts"));
        var task = CreateTask(builder, [A0]);
        task.AddRecord(RawRecords.Utf8("a", 0, 0, 1, "k", "v"));
        var store = task.Topology.Stores.Should().ContainSingle().Which;
        store.IsOpen.Should().BeTrue();

        task.Close();

        task.Buffered.Should().Be(0);
        store.IsOpen.Should().BeFalse();
        task.Process().Should().BeFalse();
    }

    private StreamsBuilder CapturingTopology()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>(["a", "b"]).Process(() => new DelegateProcessor<string, string>(
            (ctx, r) => _seen.Add($"{ctx.RecordMetadata} {r.Value} {r.TimestampMs}")));
        return builder;
    }

    private StreamsBuilder IntValueTopology()
    {
        var builder = new StreamsBuilder();
        builder.Stream("a", Consumed<string?, int>.With(Serdes.String, Serdes.Int32)).Process(() => new DelegateProcessor<string?, int>(
            (ctx, r) => _seen.Add($"{ctx.RecordMetadata} {r.Value} {r.TimestampMs}")));
        return builder;
    }

    private StreamTask CreateTask(
        StreamsBuilder builder, IReadOnlyList<TopicPartition> partitions, IDeserializationExceptionHandler? handler = null, TaskId? id = null)
    {
        var taskId = id ?? new TaskId(0, 0);
        var topology = builder.Build().Builder.BuildTask(taskId.SubtopologyId, "app", InMemoryDslStoreSuppliers.Instance);
        var context = new TaskContext(
            "app", taskId, _dir.Path, _collector, _time, topology.ChangelogTopics, new Dictionary<string, IStateStore>());
        var task = new StreamTask(taskId, topology, context, partitions, handler ?? LogAndFailExceptionHandler.Instance, NullLogger.Instance);
        task.InitializeStores();
        task.InitializeTopology();
        return task;
    }
}
