using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.Processor.Internal;

public class TaskContextTests
{
    private readonly ManualTimeProvider _time = new(1_000);
    private readonly FakeRecordCollector _collector = new();

    [Fact]
    public void Stream_time_schedule_is_aligned_to_zero_and_fires_with_the_first_record()
    {
        var context = Create();
        var fired = new List<long>();
        context.Schedule("p", TimeSpan.FromMilliseconds(10), PunctuationType.StreamTime, fired.Add);

        context.Punctuate(PunctuationType.StreamTime, 3).Should().BeTrue();
        context.Punctuate(PunctuationType.StreamTime, 9).Should().BeFalse();
        context.Punctuate(PunctuationType.StreamTime, 10).Should().BeTrue();

        fired.Should().Equal(3, 10);
    }

    [Fact]
    public void Stream_time_schedule_does_not_fire_before_the_first_record()
    {
        var context = Create();
        var fired = new List<long>();
        context.Schedule("p", TimeSpan.FromMilliseconds(10), PunctuationType.StreamTime, fired.Add);

        context.Punctuate(PunctuationType.StreamTime, context.StreamTime).Should().BeFalse();

        context.StreamTime.Should().Be(-1);
        fired.Should().BeEmpty();
    }

    [Fact]
    public void Skipped_intervals_are_not_replayed_and_the_next_fire_is_the_next_boundary_after_now()
    {
        var context = Create();
        var fired = new List<long>();
        context.Schedule("p", TimeSpan.FromMilliseconds(10), PunctuationType.StreamTime, fired.Add);
        context.Punctuate(PunctuationType.StreamTime, 0);

        context.Punctuate(PunctuationType.StreamTime, 35).Should().BeTrue();
        context.Punctuate(PunctuationType.StreamTime, 39).Should().BeFalse();
        context.Punctuate(PunctuationType.StreamTime, 40).Should().BeTrue();

        fired.Should().Equal(0, 35, 40);
    }

    [Fact]
    public void A_boundary_hit_exactly_schedules_the_following_boundary()
    {
        var context = Create();
        var fired = new List<long>();
        context.Schedule("p", TimeSpan.FromMilliseconds(10), PunctuationType.StreamTime, fired.Add);

        context.Punctuate(PunctuationType.StreamTime, 20);
        context.Punctuate(PunctuationType.StreamTime, 29);
        context.Punctuate(PunctuationType.StreamTime, 30);

        fired.Should().Equal(20, 30);
    }

    [Fact]
    public void Wall_clock_schedule_first_fires_one_interval_after_creation()
    {
        var context = Create();
        var fired = new List<long>();
        context.Schedule("p", TimeSpan.FromMilliseconds(100), PunctuationType.WallClockTime, fired.Add);

        context.Punctuate(PunctuationType.WallClockTime, 1_099).Should().BeFalse();
        context.Punctuate(PunctuationType.WallClockTime, 1_100).Should().BeTrue();
        context.Punctuate(PunctuationType.WallClockTime, 1_150).Should().BeFalse();
        context.Punctuate(PunctuationType.WallClockTime, 1_450).Should().BeTrue();
        context.Punctuate(PunctuationType.WallClockTime, 1_499).Should().BeFalse();
        context.Punctuate(PunctuationType.WallClockTime, 1_500).Should().BeTrue();

        fired.Should().Equal(1_100, 1_450, 1_500);
    }

    [Fact]
    public void Wall_clock_schedule_uses_the_time_provider_at_creation()
    {
        _time.Advance(TimeSpan.FromSeconds(5));
        var context = Create();
        var fired = new List<long>();
        context.Schedule("p", TimeSpan.FromMilliseconds(100), PunctuationType.WallClockTime, fired.Add);

        context.Punctuate(PunctuationType.WallClockTime, 6_099).Should().BeFalse();
        context.Punctuate(PunctuationType.WallClockTime, context.SystemTimeMs + 100).Should().BeTrue();

        context.SystemTimeMs.Should().Be(6_000);
        fired.Should().Equal(6_100);
    }

    [Fact]
    public void Each_type_only_fires_its_own_schedules()
    {
        var context = Create();
        var stream = new List<long>();
        var wall = new List<long>();
        context.Schedule("s", TimeSpan.FromMilliseconds(10), PunctuationType.StreamTime, stream.Add);
        context.Schedule("w", TimeSpan.FromMilliseconds(10), PunctuationType.WallClockTime, wall.Add);

        context.Punctuate(PunctuationType.StreamTime, 5_000);
        stream.Should().Equal(5_000);
        wall.Should().BeEmpty();

        context.Punctuate(PunctuationType.WallClockTime, 5_000);
        stream.Should().Equal(5_000);
        wall.Should().Equal(5_000);
    }

    [Fact]
    public void Disposing_the_handle_cancels_the_schedule()
    {
        var context = Create();
        var fired = new List<long>();
        var handle = context.Schedule("p", TimeSpan.FromMilliseconds(10), PunctuationType.StreamTime, fired.Add);
        context.Punctuate(PunctuationType.StreamTime, 0);

        handle.Dispose();

        context.Punctuate(PunctuationType.StreamTime, 100).Should().BeFalse();
        fired.Should().Equal(0);
    }

    [Fact]
    public void A_punctuator_may_cancel_itself_while_firing()
    {
        var context = Create();
        var fired = new List<long>();
        IDisposable? handle = null;
        handle = context.Schedule("p", TimeSpan.FromMilliseconds(10), PunctuationType.StreamTime, t =>
        {
            fired.Add(t);
            handle!.Dispose();
        });

        context.Punctuate(PunctuationType.StreamTime, 0);
        context.Punctuate(PunctuationType.StreamTime, 50);

        fired.Should().Equal(0);
    }

    [Fact]
    public void While_punctuating_the_record_context_is_cleared_and_restored_afterwards()
    {
        var context = Create();
        var metadata = new RecordMetadata("t", 0, 5);
        context.RecordMetadata = metadata;
        context.CurrentNode = "other";
        context.RecordTimestamp = 77;
        (RecordMetadata? Metadata, string? Node, long Timestamp) seen = default;
        context.Schedule("punctuating-node", TimeSpan.FromMilliseconds(10), PunctuationType.StreamTime,
            _ => seen = (context.RecordMetadata, context.CurrentNode, context.RecordTimestamp));

        context.Punctuate(PunctuationType.StreamTime, 20);

        seen.Should().Be(((RecordMetadata?)null, "punctuating-node", 20L));
        context.RecordMetadata.Should().BeSameAs(metadata);
        context.CurrentNode.Should().Be("other");
        context.RecordTimestamp.Should().Be(77);
    }

    [Fact]
    public void A_punctuator_exception_goes_to_the_processing_handler_whose_fail_names_the_punctuating_node()
    {
        var context = Create();
        context.CurrentNode = "other";
        context.Schedule("p", TimeSpan.FromMilliseconds(10), PunctuationType.StreamTime, _ => throw new InvalidOperationException("boom"));

        var act = () => context.Punctuate(PunctuationType.StreamTime, 20);

        act.Should().Throw<StreamsException>().WithMessage("*punctuating*processor 'p'*boom*").WithInnerException<InvalidOperationException>();
        context.CurrentNode.Should().Be("other", "the punctuation's node is restored after it failed");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.5)]
    [InlineData(-10)]
    public void Schedule_rejects_intervals_under_one_millisecond(double ms)
    {
        var context = Create();

        var act = () => context.Schedule("p", TimeSpan.FromMilliseconds(ms), PunctuationType.StreamTime, _ => { });

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void LogChange_sends_to_the_store_changelog_on_the_task_partition()
    {
        var context = Create(new TaskId(1, 3), new Dictionary<string, string> { ["store"] = "app-store-changelog" });

        context.LogChange("store", [1, 2], [3], 1234);
        context.LogChange("store", [1, 2], null, 1235);

        _collector.Sent.Should().HaveCount(2);
        _collector.Sent[0].Should().BeEquivalentTo(new { Topic = "app-store-changelog", Key = new byte[] { 1, 2 }, Value = new byte[] { 3 }, Timestamp = 1234L, Partition = (int?)3 });
        _collector.Sent[1].Value.Should().BeNull();
        _collector.Sent[1].Timestamp.Should().Be(1235);
    }

    [Fact]
    public void IsLoggingEnabled_follows_the_changelog_topics()
    {
        var context = Create(new TaskId(0, 0), new Dictionary<string, string> { ["logged"] = "app-logged-changelog" });

        context.IsLoggingEnabled("logged").Should().BeTrue();
        context.IsLoggingEnabled("unlogged").Should().BeFalse();
    }

    [Fact]
    public void GetStore_finds_task_stores_then_global_stores_and_names_missing_ones()
    {
        var global = new InMemoryKeyValueBytesStore("global");
        var context = new TaskContext("app", new TaskId(0, 1), "dir", _collector, _time, new Dictionary<string, string>(),
            new Dictionary<string, IStateStore> { ["global"] = global });
        var local = new InMemoryKeyValueBytesStore("local");
        context.AddStore(local);

        context.GetStore<IKeyValueBytesStore>("local").Should().BeSameAs(local);
        context.GetStore<IKeyValueBytesStore>("global").Should().BeSameAs(global);
        context.IsGlobalStore("global").Should().BeTrue();
        context.IsGlobalStore("local").Should().BeFalse();

        FluentActions.Invoking(() => context.GetStore<IKeyValueBytesStore>("nope"))
            .Should().Throw<InvalidOperationException>().WithMessage("*0_1*'nope'*");
        FluentActions.Invoking(() => context.GetStore<IWindowBytesStore>("local"))
            .Should().Throw<InvalidOperationException>().WithMessage("*'local'*InMemoryKeyValueBytesStore*IWindowBytesStore*");
    }

    [Fact]
    public void Register_keeps_the_restore_callback_per_store_name()
    {
        var context = Create();
        var store = new InMemoryKeyValueBytesStore("s");

        store.Init(context, store);

        context.Restorers.Should().ContainKey("s").WhoseValue.Should().BeSameAs(store);
    }

    private TaskContext Create(TaskId? id = null, Dictionary<string, string>? changelogs = null) =>
        new("app", id ?? new TaskId(0, 0), "dir", _collector, _time, changelogs ?? [], new Dictionary<string, IStateStore>());
}
