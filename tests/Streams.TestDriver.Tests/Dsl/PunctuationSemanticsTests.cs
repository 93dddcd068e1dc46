using Streams.Dsl;
using Streams.Processor;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.Dsl;

/// <summary>
/// Pins punctuation as Kafka Streams' <c>PunctuationQueue</c>/<c>PunctuationSchedule</c>: stream-time schedules are aligned
/// to 0 and fire only after a record advanced stream time past the next boundary, at most once per record, with the
/// current stream time, and skip (never replay) the intervals they jumped over; wall-clock schedules fire one interval
/// after they were scheduled and then once per <see cref="TopologyTestDriver.AdvanceWallClockTime"/> that reaches their
/// next boundary, with the current wall-clock time, likewise skipping missed intervals.
/// </summary>
public class PunctuationSemanticsTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_000_000);

    [Fact]
    public void Stream_time_punctuation_fires_only_as_records_arrive_never_with_wall_clock_time()
    {
        var (driver, input, events) = Build(PunctuationType.StreamTime, 10);
        using (driver)
        {
            driver.AdvanceWallClockTime(TimeSpan.FromHours(1));
            events.Should().BeEmpty("no record has set stream time");

            input.PipeInput("k", "a", 0);

            events.Should().Equal("record@0", "punctuate@0");
        }
    }

    [Fact]
    public void Stream_time_punctuation_fires_after_the_record_that_crosses_the_boundary_with_the_current_stream_time()
    {
        var (driver, input, events) = Build(PunctuationType.StreamTime, 10);
        using (driver)
        {
            input.PipeInput("k", "a", 3);   // first boundary is 0 (aligned to 0): fires with stream time 3
            input.PipeInput("k", "b", 9);   // next boundary 10 not reached
            input.PipeInput("k", "c", 10);  // reached exactly

            events.Should().Equal("record@3", "punctuate@3", "record@9", "record@10", "punctuate@10");
        }
    }

    [Fact]
    public void Stream_time_punctuation_fires_once_for_a_record_that_crosses_several_intervals_and_does_not_replay_them()
    {
        var (driver, input, events) = Build(PunctuationType.StreamTime, 10);
        using (driver)
        {
            input.PipeInput("k", "a", 0);
            input.PipeInput("k", "b", 47);  // crosses 10, 20, 30, 40: one punctuation, with 47
            input.PipeInput("k", "c", 49);  // 10..40 are not replayed; next boundary is 50
            input.PipeInput("k", "d", 50);

            events.Should().Equal("record@0", "punctuate@0", "record@47", "punctuate@47", "record@49", "record@50", "punctuate@50");
        }
    }

    [Fact]
    public void An_out_of_order_record_does_not_move_stream_time_and_does_not_punctuate()
    {
        var (driver, input, events) = Build(PunctuationType.StreamTime, 10);
        using (driver)
        {
            input.PipeInput("k", "a", 25);
            input.PipeInput("k", "b", 5);   // stream time stays 25
            input.PipeInput("k", "c", 29);
            input.PipeInput("k", "d", 30);

            events.Should().Equal("record@25", "punctuate@25", "record@5", "record@29", "record@30", "punctuate@30");
        }
    }

    [Fact]
    public void Wall_clock_punctuation_follows_the_driver_clock_and_fires_one_interval_after_it_was_scheduled()
    {
        var (driver, input, events) = Build(PunctuationType.WallClockTime, 100);
        using (driver)
        {
            input.PipeInput("k", "a", 5_000_000);  // records do not move the wall clock
            driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(99));
            driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(1));

            events.Should().Equal("record@5000000", $"punctuate@{Start.ToUnixTimeMilliseconds() + 100}");
        }
    }

    [Fact]
    public void Wall_clock_punctuation_fires_once_per_advance_that_crosses_intervals_and_skips_the_missed_ones()
    {
        var (driver, _, events) = Build(PunctuationType.WallClockTime, 100);
        using (driver)
        {
            var t0 = Start.ToUnixTimeMilliseconds();
            driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(450));  // crosses 100..400: once, with t0 + 450
            driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(49));   // t0 + 499: next boundary is t0 + 500
            driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(1));    // t0 + 500
            driver.AdvanceWallClockTime(TimeSpan.Zero);                   // nothing new is due

            events.Should().Equal($"punctuate@{t0 + 450}", $"punctuate@{t0 + 500}");
        }
    }

    [Fact]
    public void A_cancelled_schedule_no_longer_fires()
    {
        var events = new List<string>();
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").Process(() => new Recorder(PunctuationType.StreamTime, 10, events, cancelAfterFirst: true));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("k", "a", 0);
        input.PipeInput("k", "b", 10);
        input.PipeInput("k", "c", 20);

        events.Should().Equal("record@0", "punctuate@0", "record@10", "record@20");
    }

    [Fact]
    public void A_stream_time_punctuator_sees_no_record_metadata_and_the_current_stream_time()
    {
        var seen = new List<(RecordMetadata? Metadata, long StreamTime)>();
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").Process(() => new MetadataProbe(seen));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "a", 42);

        seen.Should().Equal(((RecordMetadata?)null, 42L));
    }

    private static (TopologyTestDriver Driver, TestInputTopic<string?, string?> Input, List<string> Events) Build(PunctuationType type, long intervalMs)
    {
        var events = new List<string>();
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").Process(() => new Recorder(type, intervalMs, events, cancelAfterFirst: false));
        var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { InitialWallClockTime = Start });
        return (driver, driver.CreateInputTopic("in", Serdes.String, Serdes.String), events);
    }

    /// <summary>Records "record@{timestamp}" per record and "punctuate@{time}" per punctuation, in order.</summary>
    private sealed class Recorder(PunctuationType type, long intervalMs, List<string> events, bool cancelAfterFirst) : IProcessor<string, string, string, string>
    {
        public void Init(IProcessorContext<string, string> context)
        {
            IDisposable? schedule = null;
            schedule = context.Schedule(TimeSpan.FromMilliseconds(intervalMs), type, now =>
            {
                events.Add($"punctuate@{now}");
                if (cancelAfterFirst)
                {
                    schedule!.Dispose();
                }
            });
        }

        public void Process(Record<string, string> record) => events.Add($"record@{record.TimestampMs}");
    }

    private sealed class MetadataProbe(List<(RecordMetadata? Metadata, long StreamTime)> seen) : IProcessor<string, string, string, string>
    {
        public void Init(IProcessorContext<string, string> context) =>
            context.Schedule(TimeSpan.FromMilliseconds(1_000), PunctuationType.StreamTime, now => seen.Add((context.RecordMetadata, context.CurrentStreamTimeMs)));

        public void Process(Record<string, string> record)
        {
        }
    }
}
