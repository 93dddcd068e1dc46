using Confluent.Kafka;
using Streams.Processor;

namespace Streams.Tests.Processor;

public class RecordTests
{
    private static readonly Headers SomeHeaders = new() { { "h", [1] } };

    [Fact]
    public void WithKey_changes_only_the_key_and_its_type()
    {
        var record = new Record<string, string>("k", "v", 42, SomeHeaders);

        Record<int, string> copy = record.WithKey(7);

        copy.Should().Be(new Record<int, string>(7, "v", 42, SomeHeaders));
        record.Key.Should().Be("k");
    }

    [Fact]
    public void WithValue_changes_only_the_value_and_its_type()
    {
        var record = new Record<string, string>("k", "v", 42, SomeHeaders);

        Record<string, long> copy = record.WithValue(9L);

        copy.Should().Be(new Record<string, long>("k", 9L, 42, SomeHeaders));
        record.Value.Should().Be("v");
    }

    [Fact]
    public void WithTimestamp_changes_only_the_timestamp()
    {
        var record = new Record<string, string>("k", "v", 42, SomeHeaders);

        var copy = record.WithTimestampMs(100);

        copy.Should().Be(new Record<string, string>("k", "v", 100, SomeHeaders));
        copy.Headers.Should().BeSameAs(SomeHeaders);
        record.TimestampMs.Should().Be(42);
    }

    [Fact]
    public void Headers_default_to_null()
    {
        new Record<string, string>("k", "v", 1).Headers.Should().BeNull();
    }

    [Fact]
    public void RecordMetadata_renders_topic_partition_at_offset()
    {
        new RecordMetadata("orders", 3, 17).ToString().Should().Be("orders-3@17");
    }
}
