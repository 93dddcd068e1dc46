using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlightDelays;

/// <summary>
/// One output record: the delay statistics of an origin airport over one 1-hour window, joined with the airport.
/// JSON (via <see cref="FlightJsonContext"/>):
/// <c>{"origin":"ATL","windowStart":"2001-01-01T00:00:00Z","windowEnd":"2001-01-01T01:00:00Z","flights":3,
/// "totalDelay":12,"avgDelay":4,"maxDelay":9,"airportName":"William B Hartsfield-Atlanta Intl","city":"Atlanta","state":"GA"}</c>.
/// Timestamps are always written as UTC ISO-8601 with a <c>Z</c> suffix (<see cref="UtcDateTimeOffsetConverter"/>);
/// airport fields are written as <c>null</c> when the origin is not in the airports table.
/// </summary>
public sealed record WindowResult(
    [property: JsonPropertyName("origin")] string Origin,
    [property: JsonPropertyName("windowStart")] DateTimeOffset WindowStart,
    [property: JsonPropertyName("windowEnd")] DateTimeOffset WindowEnd,
    [property: JsonPropertyName("flights")] long Flights,
    [property: JsonPropertyName("totalDelay")] long TotalDelay,
    [property: JsonPropertyName("avgDelay")] double AvgDelay,
    [property: JsonPropertyName("maxDelay")] int MaxDelay,
    [property: JsonPropertyName("airportName")] string? AirportName,
    [property: JsonPropertyName("city")] string? City,
    [property: JsonPropertyName("state")] string? State)
{
    /// <summary>Builds a result from a window's bounds (epoch ms), its aggregate and the joined airport, if any.</summary>
    public static WindowResult Create(string origin, long windowStartMs, long windowEndMs, DelayStats stats, Airport? airport)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return new WindowResult(
            origin,
            DateTimeOffset.FromUnixTimeMilliseconds(windowStartMs),
            DateTimeOffset.FromUnixTimeMilliseconds(windowEndMs),
            stats.Flights,
            stats.TotalDelay,
            stats.AvgDelay,
            stats.MaxDelay,
            airport?.Name,
            airport?.City,
            airport?.State);
    }

    /// <summary>The JSON text of this result.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, FlightJsonContext.Default.WindowResult);

    /// <summary>The UTF-8 JSON bytes of this result (for a Kafka value).</summary>
    public byte[] ToJsonUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, FlightJsonContext.Default.WindowResult);

    /// <summary>Parses a result written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">Not a window result.</exception>
    public static WindowResult FromJson(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, FlightJsonContext.Default.WindowResult)
        ?? throw new JsonException("window result is JSON null");

    /// <summary>Parses a result written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">Not a window result.</exception>
    public static WindowResult FromJson(string json) =>
        JsonSerializer.Deserialize(json, FlightJsonContext.Default.WindowResult)
        ?? throw new JsonException("window result is JSON null");
}

/// <summary>Source-generated System.Text.Json metadata for the example's JSON (camelCase, UTC timestamps).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(UtcDateTimeOffsetConverter)])]
[JsonSerializable(typeof(WindowResult))]
[JsonSerializable(typeof(Airport))]
[JsonSerializable(typeof(Flight))]
public sealed partial class FlightJsonContext : JsonSerializerContext;

/// <summary>
/// Writes <see cref="DateTimeOffset"/> as UTC ISO-8601 with a <c>Z</c> suffix and no fraction when it is zero
/// (<c>2001-01-01T00:00:00Z</c>); reads any ISO-8601 offset and normalises it to UTC.
/// </summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'";

    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        DateTime utc = value.UtcDateTime;
        Span<char> text = stackalloc char[40];
        if (utc.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            // Whole seconds (every window bound): the sortable "s" format has a fast path the custom format lacks.
            utc.TryFormat(text, out int length, "s", CultureInfo.InvariantCulture);
            text[length] = 'Z';
            writer.WriteStringValue(text[..(length + 1)]);
            return;
        }
        if (!utc.TryFormat(text, out int written, Format, CultureInfo.InvariantCulture))
        {
            throw new FormatException($"cannot format {value:O}");
        }
        writer.WriteStringValue(text[..written]);
    }
}
