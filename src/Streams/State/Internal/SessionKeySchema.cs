using System.Buffers.Binary;
using Streams.Dsl;

namespace Streams.State.Internal;

/// <summary>
/// The binary form of a session key, as Kafka Streams' <c>SessionKeySchema</c>: <c>key bytes || end || start</c>,
/// both times 8 bytes big-endian. It is the changelog key of session stores, the key of
/// <c>WindowedSerdes.SessionWindowed</c>, and the store key of the built-in session stores. Session times are never
/// negative (as Kafka Streams' <c>Window</c>), so unsigned byte order of the suffix equals numeric order: the
/// sessions of one key sort by end, then start.
/// </summary>
internal static class SessionKeySchema
{
    /// <summary>Bytes after the key: end and start, 8 each.</summary>
    public const int SuffixSize = 16;

    public static byte[] ToBinary(ReadOnlySpan<byte> key, long startMs, long endMs)
    {
        var bytes = new byte[key.Length + SuffixSize];
        key.CopyTo(bytes);
        WriteSuffix(bytes.AsSpan(key.Length), startMs, endMs);
        return bytes;
    }

    public static byte[] ToBinary(Windowed<byte[]> sessionKey) => ToBinary(sessionKey.Key, sessionKey.Window.StartMs, sessionKey.Window.EndMs);

    public static void WriteSuffix(Span<byte> destination, long startMs, long endMs)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, endMs);
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], startMs);
    }

    public static long ExtractEnd(ReadOnlySpan<byte> binary) => BinaryPrimitives.ReadInt64BigEndian(binary[^SuffixSize..]);

    public static long ExtractStart(ReadOnlySpan<byte> binary) => BinaryPrimitives.ReadInt64BigEndian(binary[^8..]);

    public static ReadOnlySpan<byte> ExtractKey(ReadOnlySpan<byte> binary) => binary[..^SuffixSize];

    /// <summary>Decodes a binary session key; the key bytes are copied.</summary>
    /// <exception cref="InvalidDataException">Fewer than 16 bytes.</exception>
    public static Windowed<byte[]> From(ReadOnlySpan<byte> binary)
    {
        if (binary.Length < SuffixSize)
        {
            throw new InvalidDataException($"A session key needs at least {SuffixSize} bytes (key, end, start), got {binary.Length}.");
        }

        return new Windowed<byte[]>(ExtractKey(binary).ToArray(), new Window(ExtractStart(binary), ExtractEnd(binary)));
    }

    /// <summary>The smallest binary key of a session of <paramref name="key"/> ending at or after <paramref name="earliestEndMs"/>.</summary>
    public static byte[] LowerBound(ReadOnlySpan<byte> key, long earliestEndMs) => ToBinary(key, 0, Math.Max(0, earliestEndMs));

    /// <summary>The largest binary key any session of <paramref name="key"/> can have.</summary>
    public static byte[] UpperBound(ReadOnlySpan<byte> key) => ToBinary(key, long.MaxValue, long.MaxValue);

    /// <summary>An upper bound past every binary key of every key up to <paramref name="keyTo"/> (callers filter longer keys).</summary>
    public static byte[] UpperBoundOfRange(ReadOnlySpan<byte> keyTo)
    {
        var bytes = new byte[keyTo.Length + SuffixSize];
        keyTo.CopyTo(bytes);
        bytes.AsSpan(keyTo.Length).Fill(0xFF);
        return bytes;
    }

    /// <summary>True when <paramref name="binary"/> is a session key of exactly <paramref name="key"/>.</summary>
    public static bool IsSessionOf(ReadOnlySpan<byte> binary, ReadOnlySpan<byte> key) =>
        binary.Length == key.Length + SuffixSize && binary[..key.Length].SequenceEqual(key);

    /// <summary>True when the key of <paramref name="binary"/> lies in <c>[keyFrom, keyTo]</c> (null = open).</summary>
    public static bool KeyInRange(ReadOnlySpan<byte> binary, byte[]? keyFrom, byte[]? keyTo)
    {
        if (binary.Length < SuffixSize)
        {
            return false;
        }

        var key = ExtractKey(binary);
        return (keyFrom is null || key.SequenceCompareTo(keyFrom) >= 0) && (keyTo is null || key.SequenceCompareTo(keyTo) <= 0);
    }

    /// <summary>True when the session of <paramref name="binary"/> ends at or after <paramref name="earliestEndMs"/> and starts at or before <paramref name="latestStartMs"/>.</summary>
    public static bool Overlaps(ReadOnlySpan<byte> binary, long earliestEndMs, long latestStartMs) =>
        ExtractEnd(binary) >= earliestEndMs && ExtractStart(binary) <= latestStartMs;

    /// <summary>
    /// Checks a session's bounds as Kafka Streams' <c>SessionWindow</c> does: the start is not negative and the
    /// end is not before the start (a session of one record is <c>[t, t]</c>).
    /// </summary>
    /// <exception cref="ArgumentNullException">The key bytes are null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The start is negative or the end is before the start.</exception>
    public static void Validate(Windowed<byte[]> sessionKey, string paramName)
    {
        ArgumentNullException.ThrowIfNull(sessionKey.Key, paramName);
        Validate(sessionKey.Window.StartMs, sessionKey.Window.EndMs, paramName);
    }

    /// <inheritdoc cref="Validate(Windowed{byte[]}, string)"/>
    public static void Validate(long startMs, long endMs, string paramName)
    {
        if (startMs < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, startMs, "A session's start cannot be negative.");
        }

        if (endMs < startMs)
        {
            throw new ArgumentOutOfRangeException(paramName, endMs, $"A session's end ({endMs}) cannot be before its start ({startMs}).");
        }
    }
}
