using System.Text.Json;
using Confluent.Kafka;

namespace Streams.AspNetCore.Internal;

/// <summary>How one store's keys are read from URLs, serialized (for partitioning and byte-order ranges) and written as JSON.</summary>
internal sealed class KeyCodec<TKey>
{
    private readonly Func<string, TKey> _parse;
    private readonly ISerializer<TKey> _serializer;

    public KeyCodec(Func<string, TKey> parseKey, ISerializer<TKey> keySerializer)
    {
        ArgumentNullException.ThrowIfNull(parseKey);
        ArgumentNullException.ThrowIfNull(keySerializer);
        _parse = parseKey;
        _serializer = keySerializer;
    }

    public ISerializer<TKey> Serializer => _serializer;

    /// <summary>Parses URL text; false (with the reason) when the parser throws or returns null.</summary>
    public bool TryParse(string text, out TKey key, out string? error)
    {
        try
        {
            key = _parse(text);
            error = key is null ? $"The key '{RequestTarget.Echo(text)}' parses to null." : null;
            return key is not null;
        }
#pragma warning disable CA1031 // the user's parser may throw anything: the text is then a bad request
        catch (Exception e)
#pragma warning restore CA1031
        {
            key = default!;
            error = $"'{RequestTarget.Echo(text)}' is not a key of this store: {RequestTarget.Echo(e.Message, 256)}";
            return false;
        }
    }

    public byte[] Serialize(TKey key) => _serializer.Serialize(key, SerializationContext.Empty) ?? [];

    /// <summary>Whether <paramref name="keyBytes"/> lies in <c>[from, to]</c> by unsigned byte order, as store ranges compare keys; null bounds are open.</summary>
    public static bool InRange(ReadOnlySpan<byte> keyBytes, byte[]? from, byte[]? to) =>
        (from is null || keyBytes.SequenceCompareTo(from) >= 0) && (to is null || keyBytes.SequenceCompareTo(to) <= 0);

    public static JsonElement ToJson<T>(T value, JsonSerializerOptions options) => JsonSerializer.SerializeToElement(value, options);
}
