using System.Text;
using Streams.Internal;

namespace Streams.Tests.Internal;

public class Murmur2Tests
{
    // Kafka's own vectors (clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.testMurmur2): every tail length 0-3 occurs.
    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Hashes_as_the_Kafka_Java_client(string input, int expected) =>
        Murmur2.Hash(Encoding.UTF8.GetBytes(input)).Should().Be(expected);

    // Expected partitions are (vector & 0x7fffffff) % n, worked out by hand from the vectors above.
    [Theory]
    [InlineData("21", 4, 0)]
    [InlineData("21", 7, 3)]
    [InlineData("foobar", 4, 2)]
    [InlineData("a-little-bit-longer-string", 4, 3)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", 4, 1)]
    [InlineData("abc", 7, 4)]
    [InlineData("abc", 1, 0)]
    public void Partitions_as_the_default_partitioner_clearing_the_sign_bit_before_the_modulo(string key, int partitions, int expected) =>
        Murmur2.Partition(Encoding.UTF8.GetBytes(key), partitions).Should().Be(expected);

    [Fact]
    public void Rejects_a_partition_count_below_one() =>
        FluentActions.Invoking(() => Murmur2.Partition([1, 2], 0)).Should().Throw<ArgumentOutOfRangeException>();
}
