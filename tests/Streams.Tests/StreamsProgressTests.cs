using Confluent.Kafka;

namespace Streams.Tests;

public class StreamsProgressTests
{
    private static readonly TopicPartition In0 = new("in", 0);

    [Fact]
    public void Records_lag_is_the_high_watermark_minus_the_position_as_the_consumer_records_lag()
    {
        new PartitionProgress(In0, CommittedOffset: 3, HighWatermark: 100, Position: 40).RecordsLag.Should().Be(60);
        new PartitionProgress(In0, CommittedOffset: 100, HighWatermark: 100, Position: 100).RecordsLag.Should().Be(0);
    }

    [Fact]
    public void Records_lag_is_unknown_without_a_high_watermark_or_a_position_and_never_negative()
    {
        new PartitionProgress(In0, 0, HighWatermark: -1, Position: 5).RecordsLag.Should().Be(-1);
        new PartitionProgress(In0, 0, HighWatermark: 10).RecordsLag.Should().Be(-1, "the position defaults to unknown");
        new PartitionProgress(In0, 0, HighWatermark: 10, Position: 12).RecordsLag.Should().Be(0, "a high watermark cached before the last fetch may trail the position");
    }

    [Fact]
    public void Progress_lag_counts_from_the_committed_offsets_not_the_position()
    {
        var progress = new StreamsProgress(0, 0, 0, 0, [new PartitionProgress(In0, CommittedOffset: 10, HighWatermark: 50, Position: 40)]);

        progress.Lag.Should().Be(40);
        progress.Partitions.Single().RecordsLag.Should().Be(10);
    }

    [Fact]
    public void Lag_splits_into_records_not_read_yet_and_records_read_but_not_committed()
    {
        var progress = new StreamsProgress(0, 0, 0, 0,
        [
            new PartitionProgress(In0, CommittedOffset: 10, HighWatermark: 50, Position: 40),
            new PartitionProgress(new TopicPartition("in", 1), CommittedOffset: 5, HighWatermark: 9, Position: 9),
            new PartitionProgress(new TopicPartition("in", 2), CommittedOffset: 0, HighWatermark: 7),   // position unknown
        ]);

        progress.RecordsLag.Should().Be(10, "50 - 40 and 9 - 9; a partition without a position counts nothing");
        progress.UncommittedRecords.Should().Be(34, "40 - 10 and 9 - 5");
        progress.Lag.Should().Be(51);
    }
}
