using System.Text;
using Confluent.Kafka;

namespace Streams.TestDriver.Tests;

public class TestRecordTests
{
    [Fact]
    public void Records_with_the_same_key_value_timestamp_and_header_bytes_are_equal()
    {
        var a = new TestRecord<string, string>("k", "v", 5, new Headers { { "h", Encoding.UTF8.GetBytes("x") } });
        var b = new TestRecord<string, string>("k", "v", DateTimeOffset.FromUnixTimeMilliseconds(5), new Headers { { "h", Encoding.UTF8.GetBytes("x") } });

        a.Should().Be(b);
        a.GetHashCode().Should().Be(b.GetHashCode());
    }

    [Fact]
    public void Records_differing_in_header_bytes_or_timestamp_are_not_equal()
    {
        var a = new TestRecord<string, string>("k", "v", 5, new Headers { { "h", Encoding.UTF8.GetBytes("x") } });

        a.Should().NotBe(new TestRecord<string, string>("k", "v", 5, new Headers { { "h", Encoding.UTF8.GetBytes("y") } }));
        a.Should().NotBe(new TestRecord<string, string>("k", "v", 6, new Headers { { "h", Encoding.UTF8.GetBytes("x") } }));
        new TestRecord<string, string>("k", "v").Should().NotBe(new TestRecord<string, string>("k", "v", 0));
    }

    [Fact]
    public void A_record_without_timestamp_or_headers_has_none()
    {
        var record = new TestRecord<string?, string>("v");

        record.Key.Should().BeNull();
        record.Timestamp.Should().BeNull();
        record.TimestampMs.Should().BeNull();
        record.Headers.Should().BeEmpty();
    }

    [Fact]
    public void Timestamps_are_kept_to_the_millisecond()
    {
        var record = new TestRecord<string, string>("k", "v", DateTimeOffset.UnixEpoch.AddTicks(15_999));

        record.TimestampMs.Should().Be(1);
        record.Timestamp.Should().Be(DateTimeOffset.UnixEpoch.AddMilliseconds(1));
    }

    [Fact]
    public void Timestamps_before_the_epoch_are_rejected()
    {
        var negative = () => new TestRecord<string, string>("k", "v", -1L);
        var beforeEpoch = () => new TestRecord<string, string>("k", "v", DateTimeOffset.UnixEpoch.AddMilliseconds(-1));

        negative.Should().Throw<ArgumentOutOfRangeException>();
        beforeEpoch.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void ToString_shows_key_value_and_timestamp()
    {
        new TestRecord<string, long>("k", 3, 42).ToString().Should().Be("TestRecord[key=k, value=3, timestamp=42, headers=0]");
    }
}
