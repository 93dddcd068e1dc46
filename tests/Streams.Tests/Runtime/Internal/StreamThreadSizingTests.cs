using Streams.Runtime.Internal;

namespace Streams.Tests.Runtime.Internal;

public class StreamThreadSizingTests
{
    [Theory]
    [InlineData(new int[0], 1)]
    [InlineData(new[] { 1, 2 }, 3)]
    [InlineData(new[] { 2, 3 }, 1)]
    [InlineData(new[] { 1, 3 }, 2)]
    [InlineData(new[] { 3, 1, 2, 5 }, 4)]
    public void A_new_thread_takes_the_lowest_index_no_live_thread_uses(int[] live, int expected) =>
        StreamThreadSizing.NextIndex(live).Should().Be(expected);

    [Theory]
    [InlineData(10_485_760, 1, 10_485_760)]
    [InlineData(10_485_760, 2, 5_242_880)]
    [InlineData(10, 3, 3)]
    [InlineData(2, 3, 0)]
    [InlineData(0, 4, 0)]
    [InlineData(1_000, 0, 1_000)]
    public void The_cache_is_split_evenly_rounding_down_and_with_no_thread_the_total_stays_whole(long total, int threads, long expected) =>
        StreamThreadSizing.CacheBytesPerThread(total, threads).Should().Be(expected);

    [Fact]
    public void Thread_names_follow_Kafka_Streams() =>
        StreamThreadSizing.Name("orders", 3).Should().Be("orders-StreamThread-3");
}
