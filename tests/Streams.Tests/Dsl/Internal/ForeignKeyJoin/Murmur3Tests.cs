using System.Buffers.Binary;
using System.Text;
using Streams.Dsl.Internal.ForeignKeyJoin;

namespace Streams.Tests.Dsl.Internal.ForeignKeyJoin;

public class Murmur3Tests
{
    [Fact]
    public void Passes_SMHasher_verification_for_MurmurHash3_x64_128()
    {
        // SMHasher's VerificationTest: hash keys {}, {0}, {0,1}, ... {0..254} with seeds 256 - length, hash the
        // concatenated 16-byte results (h1 then h2, little-endian) with seed 0; the low 32 bits must be 0x6384BA69.
        var key = new byte[256];
        var hashes = new byte[256 * 16];
        for (var i = 0; i < 256; i++)
        {
            key[i] = (byte)i;
            var (h1, h2) = Murmur3.Hash128(key.AsSpan(0, i), 256 - i);
            BinaryPrimitives.WriteInt64LittleEndian(hashes.AsSpan(i * 16), h1);
            BinaryPrimitives.WriteInt64LittleEndian(hashes.AsSpan((i * 16) + 8), h2);
        }

        var (final, _) = Murmur3.Hash128(hashes, 0);

        ((uint)final).Should().Be(0x6384BA69u);
    }

    [Theory]
    [InlineData("21", 5857341059704281894L, -5288187638297930763L)]
    [InlineData("foobar", -351361463397418609L, 8959716011862540668L)]
    [InlineData("a-little-bit-long-string", 8836256500583638442L, -198172363548498523L)]
    [InlineData("a-little-bit-longer-string", 1838346159335108511L, 8794688210320490705L)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -4024021876037397259L, -1482317706335141238L)]
    [InlineData("abc", 1489494923063836066L, -5440978547625122829L)]
    public void Matches_the_vectors_of_Kafka_Streams_Murmur3_tests_with_seed_123(string input, long h1, long h2)
    {
        Murmur3.Hash128(Encoding.ASCII.GetBytes(input), 123).Should().Be((h1, h2));
    }

    [Fact]
    public void Empty_input_with_seed_zero_hashes_to_zero()
    {
        Murmur3.Hash128([], 0).Should().Be((0L, 0L));
    }

    [Fact]
    public void Uses_Kafka_Streams_default_seed_104729()
    {
        var data = Encoding.UTF8.GetBytes("value");

        Murmur3.Hash128(data).Should().Be(Murmur3.Hash128(data, 104729)).And.NotBe(Murmur3.Hash128(data, 0));
    }

    [Fact]
    public void Tail_bytes_above_0x7F_are_read_unsigned()
    {
        // 17 bytes: one block plus a one-byte tail; a sign-extended tail byte would change h1.
        var high = Enumerable.Repeat((byte)0xF0, 17).ToArray();
        var low = Enumerable.Repeat((byte)0xF0, 16).Append((byte)0x70).ToArray();

        Murmur3.Hash128(high, 0).Should().NotBe(Murmur3.Hash128(low, 0));
    }
}
