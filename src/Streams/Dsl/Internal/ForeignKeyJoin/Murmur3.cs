using System.Buffers.Binary;
using System.Numerics;

namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>
/// MurmurHash3 x64 128-bit (Austin Appleby's <c>MurmurHash3_x64_128</c>), the hash Kafka Streams' foreign-key
/// joins put in subscriptions to recognize stale responses (its <c>Murmur3.hash128</c>, seed 104729). Input
/// blocks are read little-endian, as the reference implementation does on x86.
/// </summary>
internal static class Murmur3
{
    /// <summary>The seed Kafka Streams' <c>Murmur3.hash128(byte[])</c> uses.</summary>
    public const int DefaultSeed = 104729;

    private const ulong C1 = 0x87c37b91114253d5UL;
    private const ulong C2 = 0x4cf5ad432745937fUL;

    /// <summary>Hashes <paramref name="data"/> with Kafka Streams' seed.</summary>
    /// <param name="data">The bytes to hash.</param>
    /// <returns>The two 64-bit halves, <c>h1</c> then <c>h2</c>.</returns>
    public static (long H1, long H2) Hash128(ReadOnlySpan<byte> data) => Hash128(data, DefaultSeed);

    /// <summary>Hashes <paramref name="data"/> with <paramref name="seed"/> (used as an unsigned 32-bit value, as the reference).</summary>
    /// <param name="data">The bytes to hash.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The two 64-bit halves, <c>h1</c> then <c>h2</c>.</returns>
    public static (long H1, long H2) Hash128(ReadOnlySpan<byte> data, int seed)
    {
        ulong h1 = (uint)seed;
        ulong h2 = (uint)seed;
        var blocks = data.Length / 16;
        for (var i = 0; i < blocks; i++)
        {
            var block = data.Slice(i * 16, 16);
            var k1 = BinaryPrimitives.ReadUInt64LittleEndian(block);
            var k2 = BinaryPrimitives.ReadUInt64LittleEndian(block[8..]);

            h1 ^= MixK1(k1);
            h1 = BitOperations.RotateLeft(h1, 27) + h2;
            h1 = (h1 * 5) + 0x52dce729;

            h2 ^= MixK2(k2);
            h2 = BitOperations.RotateLeft(h2, 31) + h1;
            h2 = (h2 * 5) + 0x38495ab5;
        }

        var tail = data[(blocks * 16)..];
        if (tail.Length > 8)
        {
            h2 ^= MixK2(Little(tail[8..]));
        }

        if (tail.Length > 0)
        {
            h1 ^= MixK1(Little(tail[..Math.Min(8, tail.Length)]));
        }

        h1 ^= (ulong)data.Length;
        h2 ^= (ulong)data.Length;
        h1 += h2;
        h2 += h1;
        h1 = FMix(h1);
        h2 = FMix(h2);
        h1 += h2;
        h2 += h1;
        return ((long)h1, (long)h2);
    }

    private static ulong MixK1(ulong k) => BitOperations.RotateLeft(k * C1, 31) * C2;

    private static ulong MixK2(ulong k) => BitOperations.RotateLeft(k * C2, 33) * C1;

    /// <summary>Up to 8 bytes as a little-endian integer, missing high bytes zero (the reference's tail switch).</summary>
    private static ulong Little(ReadOnlySpan<byte> bytes)
    {
        ulong k = 0;
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            k = (k << 8) | bytes[i];
        }

        return k;
    }

    private static ulong FMix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53UL;
        k ^= k >> 33;
        return k;
    }
}
