using System.Text;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests;

public class TestInputTopicTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Without_start_and_advance_records_are_stamped_with_the_drivers_wall_clock()
    {
        using var driver = PassThrough(new TopologyTestDriverOptions { InitialWallClockTime = Start });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "1");
        input.PipeInput("b", "2");

        Timestamps(driver).Should().Equal(Start.ToUnixTimeMilliseconds(), Start.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void The_default_start_is_the_wall_clock_when_the_topic_is_created()
    {
        using var driver = PassThrough();
        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(5));

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("a", "1");

        Timestamps(driver).Should().Equal(5_000L);
    }

    [Fact]
    public void Auto_timestamps_start_at_the_given_time_and_advance_per_auto_stamped_record_only()
    {
        using var driver = PassThrough();
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String, Start, TimeSpan.FromSeconds(1));
        var start = Start.ToUnixTimeMilliseconds();

        input.PipeInput("a", "1");
        input.PipeInput("b", "2", 42);
        input.PipeInput("c", "3");
        input.AdvanceTime(TimeSpan.FromMinutes(1));
        input.PipeInput("4");

        Timestamps(driver).Should().Equal(start, 42L, start + 1_000, start + 62_000);
        input.CurrentTime.Should().Be(Start.AddSeconds(63));
    }

    [Fact]
    public void Each_input_topic_keeps_its_own_auto_time()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("a").To("out");
        builder.Stream<string, string>("b").To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var a = driver.CreateInputTopic("a", Serdes.String, Serdes.String, Start, TimeSpan.FromSeconds(1));
        var b = driver.CreateInputTopic("b", Serdes.String, Serdes.String, Start, TimeSpan.FromSeconds(10));
        var start = Start.ToUnixTimeMilliseconds();

        a.PipeInput("k", "1");
        a.PipeInput("k", "2");
        b.PipeInput("k", "3");
        b.PipeInput("k", "4");

        Timestamps(driver).Should().Equal(start, start + 1_000, start, start + 10_000);
    }

    [Fact]
    public void PipeInput_of_a_value_alone_has_a_null_key()
    {
        using var driver = PassThrough();

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("only value");

        var record = driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadRecord();
        record.Key.Should().BeNull();
        record.Value.Should().Be("only value");
    }

    [Fact]
    public void A_DateTimeOffset_timestamp_keeps_millisecond_precision()
    {
        using var driver = PassThrough();

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v", Start.AddTicks(12_345_678));

        Timestamps(driver).Should().Equal(Start.ToUnixTimeMilliseconds() + 1_234);
    }

    [Fact]
    public void Record_lists_keep_explicit_timestamps_and_auto_stamp_the_others()
    {
        using var driver = PassThrough();
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String, DateTimeOffset.UnixEpoch.AddSeconds(1), TimeSpan.FromSeconds(1));

        input.PipeRecordList([new TestRecord<string?, string?>("a", "1", 500), new TestRecord<string?, string?>("b", "2"), new TestRecord<string?, string?>("c", "3")]);

        Timestamps(driver).Should().Equal(500L, 1_000L, 2_000L);
    }

    [Fact]
    public void PipeKeyValueList_with_start_and_advance_stamps_each_record_without_moving_the_topic_time()
    {
        using var driver = PassThrough();
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String, Start, TimeSpan.Zero);

        input.PipeKeyValueList([new("a", "1"), new("b", "2"), new("c", "3")], DateTimeOffset.UnixEpoch.AddSeconds(10), TimeSpan.FromSeconds(5));

        Timestamps(driver).Should().Equal(10_000L, 15_000L, 20_000L);
        input.CurrentTime.Should().Be(Start);
    }

    [Fact]
    public void Headers_are_passed_to_the_topology()
    {
        using var driver = PassThrough();
        var headers = new Headers { { "h1", Encoding.UTF8.GetBytes("x") }, { "h2", null } };

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput(new TestRecord<string?, string?>("k", "v", 1, headers));

        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadRecord();
        output.Headers.Select(h => h.Key).Should().Equal("h1", "h2");
        output.Headers.GetLastBytes("h1").Should().Equal(Encoding.UTF8.GetBytes("x"));
        output.Headers.GetLastBytes("h2").Should().BeNull();
    }

    [Fact]
    public void Negative_timestamps_are_rejected_as_a_Kafka_producer_would()
    {
        using var driver = PassThrough();
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        var act = () => input.PipeInput("k", "v", -1);

        act.Should().Throw<ArgumentOutOfRangeException>();
        driver.ProducedTopicNames.Should().BeEmpty();
    }

    [Fact]
    public void A_negative_auto_advance_or_a_start_before_the_epoch_is_rejected()
    {
        using var driver = PassThrough();

        var negativeAdvance = () => driver.CreateInputTopic("in", Serdes.String, Serdes.String, Start, TimeSpan.FromTicks(-1));
        var beforeEpoch = () => driver.CreateInputTopic("in", Serdes.String, Serdes.String, DateTimeOffset.UnixEpoch.AddDays(-1), TimeSpan.Zero);

        negativeAdvance.Should().Throw<ArgumentOutOfRangeException>();
        beforeEpoch.Should().Throw<ArgumentOutOfRangeException>();
    }

    private static TopologyTestDriver PassThrough(TopologyTestDriverOptions? options = null)
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in").To("out");
        return new TopologyTestDriver(builder.Build(), options);
    }

    private static List<long> Timestamps(TopologyTestDriver driver) =>
        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadRecordsToList().Select(r => r.TimestampMs!.Value).ToList();
}
