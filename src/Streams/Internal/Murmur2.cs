using System.Buffers.Binary;

namespace Streams.Internal;

/// <summary>
/// MurmurHash2 (32-bit) exactly as Kafka's Java client computes it (<c>Utils.murmur2</c>, seed <c>0x9747b28c</c>,
/// 4-byte blocks read little-endian), and the partition Kafka's default partitioner derives from it for a keyed
/// record: <c>toPositive(murmur2(keyBytes)) % numPartitions</c>. librdkafka's <c>murmur2_random</c> partitioner,
/// which Streams' producers use (see <see cref="StreamsOptions.Producer"/>), places keyed records the same way.
/// </summary>
internal static class Murmur2
{
    private const uint Seed = 0x9747b28c;
    private const uint M = 0x5bd1e995;
    private const int R = 24;

    /// <summary>Hashes <paramref name="data"/> as Java's <c>Utils.murmur2(byte[])</c>.</summary>
    /// <param name="data">The bytes to hash (the serialized key).</param>
    /// <returns>The signed 32-bit hash, equal to Java's.</returns>
    public static int Hash(ReadOnlySpan<byte> data)
    {
        var h = Seed ^ (uint)data.Length;
        var blocks = data.Length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            k *= M;
            k ^= k >> R;
            k *= M;
            h *= M;
            h ^= k;
        }

        var tail = data[(blocks * 4)..];
        switch (tail.Length)
        {
            case 3:
                h ^= (uint)tail[2] << 16;
                h ^= (uint)tail[1] << 8;
                h ^= tail[0];
                h *= M;
                break;
            case 2:
                h ^= (uint)tail[1] << 8;
                h ^= tail[0];
                h *= M;
                break;
            case 1:
                h ^= tail[0];
                h *= M;
                break;
        }

        h ^= h >> 13;
        h *= M;
        h ^= h >> 15;
        return (int)h;
    }

    /// <summary>The partition Kafka's default partitioner picks for a record with these key bytes.</summary>
    /// <param name="keyBytes">The serialized key.</param>
    /// <param name="numPartitions">The topic's partition count, 1 or more.</param>
    /// <returns>A partition in [0, <paramref name="numPartitions"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numPartitions"/> is less than 1.</exception>
    public static int Partition(ReadOnlySpan<byte> keyBytes, int numPartitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numPartitions, 1);
        return (Hash(keyBytes) & 0x7fffffff) % numPartitions;
    }
}
