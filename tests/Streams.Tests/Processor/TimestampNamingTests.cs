using Confluent.Kafka;
using Streams.Errors;
using Streams.Processor;
using Streams.Queries;
using Streams.State;

namespace Streams.Tests.Processor;

/// <summary>
/// Issue 16: record timestamps are epoch milliseconds under <c>TimestampMs</c>, with <c>Time</c> as a
/// <see cref="DateTimeOffset"/>; the unit-less <c>Timestamp</c> members still compile, obsolete, and forward.
/// </summary>
public class TimestampNamingTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);

    [Fact]
    public void Record_time_is_the_timestamp_in_milliseconds_as_a_date()
    {
        var record = new Record<string, string>("k", "v", At);

        record.TimestampMs.Should().Be(1_700_000_000_123);
        record.Time.Should().Be(At);
        record.WithTime(At.AddSeconds(1)).TimestampMs.Should().Be(1_700_000_001_123);
        record.WithTimestampMs(5).Time.Should().Be(DateTimeOffset.UnixEpoch.AddMilliseconds(5));
        Record<string, string>.Tombstone("k", At).Should().Be(Record<string, string>.Tombstone("k", 1_700_000_000_123));
        new Record<string, string>("k", "v", At.AddTicks(9_999)).TimestampMs.Should().Be(1_700_000_000_123, "finer ticks are dropped");
    }

    [Fact]
    public void Time_of_a_timestamp_beyond_DateTimeOffset_is_its_min_or_max_value()
    {
        new Record<string, string>("k", "v", long.MaxValue).Time.Should().Be(DateTimeOffset.MaxValue);
        new Record<string, string>("k", "v", long.MinValue).Time.Should().Be(DateTimeOffset.MinValue);
        new ValueAndTimestamp<int>(1, long.MaxValue).Time.Should().Be(DateTimeOffset.MaxValue);
        new Record<string, string>("k", "v", -1).Time.Should().Be(DateTimeOffset.UnixEpoch.AddMilliseconds(-1));
    }

    [Fact]
    public void ToString_shows_the_stored_members_only()
    {
        new Record<string, string>("k", "v", 42).ToString()
            .Should().Be("Record { Key = k, Value = v, TimestampMs = 42, Headers = , IsTombstone = False }");
        new ValueAndTimestamp<string>("v", 42).ToString().Should().Be("ValueAndTimestamp { Value = v, TimestampMs = 42 }");
        new StoreChange<string, string>("s", 1, "k", "v", false, 42).ToString()
            .Should().Be("StoreChange { StoreName = s, Partition = 1, Key = k, Value = v, Deleted = False, TimestampMs = 42 }");
        new ProductionRecord("t", null, "k", "v", null, 42).ToString()
            .Should().Be("ProductionRecord { Topic = t, Partition = , Key = k, Value = v, Headers = , TimestampMs = 42 }");
        new DeadLetterQueueRecord("t", null, null, null, 42).ToString()
            .Should().Be("DeadLetterQueueRecord { Topic = t, Key = , Value = , Headers = , TimestampMs = 42 }");
    }

    [Fact]
    public void Every_record_type_has_TimestampMs_and_Time()
    {
        var context = new ErrorHandlerContext("t", 0, 1, null, "node", new TaskId(0, 0), 1_700_000_000_123, null, null, null);
        context.TimestampMs.Should().Be(1_700_000_000_123);
        context.Time.Should().Be(At);

        new ValueAndTimestamp<int>(1, At).TimestampMs.Should().Be(1_700_000_000_123);
        new DeadLetterQueueRecord("t", null, null, null, At).Should().Be(new DeadLetterQueueRecord("t", null, null, null, 1_700_000_000_123));
        new ProductionRecord("t", null, null, null, null, 1_700_000_000_123).Time.Should().Be(At);
        new StoreChange<string, int>("s", 0, "k", 1, false, 1_700_000_000_123).Time.Should().Be(At);

        var fixedKey = new FixedKeyRecord<string, int>("k", 1, 1_700_000_000_123, null);
        fixedKey.Time.Should().Be(At);
        fixedKey.WithTime(At.AddMilliseconds(1)).TimestampMs.Should().Be(1_700_000_000_124);
        fixedKey.WithTimestampMs(5).ToString().Should().Be("FixedKeyRecord { Key = k, Value = 1, TimestampMs = 5 }");
    }

#pragma warning disable CS0618 // the obsolete Timestamp members keep compiling and forward to TimestampMs
    [Fact]
    public void Obsolete_Timestamp_members_forward_to_TimestampMs()
    {
        var headers = new Headers();
        var record = new Record<string, string>("k", "v", 42, headers);
        record.Timestamp.Should().Be(42);
        (record with { Timestamp = 7 }).TimestampMs.Should().Be(7);
        record.WithTimestamp(9).Should().Be(record.WithTimestampMs(9));
        Record<string, string>.Tombstone("k", 3).Timestamp.Should().Be(3);

        var vat = new ValueAndTimestamp<int>(1, 42);
        vat.Timestamp.Should().Be(42);
        (vat with { Timestamp = 7 }).Should().Be(new ValueAndTimestamp<int>(1, 7));

        new StoreChange<string, int>("s", 0, "k", 1, false, 42).Timestamp.Should().Be(42);
        new ProductionRecord("t", null, null, null, null, 42).Timestamp.Should().Be(42);
        (new DeadLetterQueueRecord("t", null, null, null, 42) with { Timestamp = 5 }).TimestampMs.Should().Be(5);
        new ErrorHandlerContext("t", 0, 1, null, "node", new TaskId(0, 0), 42, null, null, null).Timestamp.Should().Be(42);

        var fixedKey = new FixedKeyRecord<string, int>("k", 1, 42, null);
        fixedKey.Timestamp.Should().Be(42);
        fixedKey.WithTimestamp(9).TimestampMs.Should().Be(9);
    }
#pragma warning restore CS0618
}
