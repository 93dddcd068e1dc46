using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace FlightDelays;

/// <summary>
/// One scheduled flight from the BTS on-time data: a CSV line <c>date,delay,distance,origin,destination</c>.
/// </summary>
/// <param name="ScheduledDepartureUtc">Scheduled departure, minute resolution, <see cref="DateTimeKind.Utc"/>
/// (the source has no time zone; it is read as UTC so that event time is deterministic).</param>
/// <param name="DelayMinutes">Departure delay in minutes; negative means early.</param>
/// <param name="DistanceMiles">Flight distance in miles (never negative).</param>
/// <param name="Origin">Origin airport code (3 characters, A–Z or 0–9).</param>
/// <param name="Destination">Destination airport code (3 characters, A–Z or 0–9).</param>
public sealed record Flight(DateTime ScheduledDepartureUtc, int DelayMinutes, int DistanceMiles, string Origin, string Destination)
{
    /// <summary>Event time: <see cref="ScheduledDepartureUtc"/> as milliseconds since the Unix epoch.</summary>
    public long TimestampMs => (ScheduledDepartureUtc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
}

/// <summary>
/// Allocation-light parser for the flights CSV (<c>yyyy-MM-ddTHH:mm,delay,distance,origin,destination</c>).
/// No quoting is supported (the data has none). Thread-safe.
/// </summary>
public static class FlightParser
{
    /// <summary>The header line of the flights CSV.</summary>
    public const string Header = "date,delay,distance,origin,destination";

    private const int FieldCount = 5;
    private const int MaxQuotedLength = 40;

    /// <summary>
    /// Interned airport codes, indexed by the code's base-36 value (A–Z, 0–9): parsing a line allocates only the
    /// <see cref="Flight"/>. Races are benign: reference writes are atomic and any winner holds the same text.
    /// </summary>
    private static readonly string?[] s_codes = new string?[36 * 36 * 36];

    /// <summary>True when <paramref name="line"/> is the CSV header (starts with <c>date,</c>, a UTF-8 BOM tolerated).</summary>
    public static bool IsHeader(string? line) =>
        line is not null && line.AsSpan().TrimStart('\uFEFF').StartsWith("date,", StringComparison.Ordinal);

    /// <summary>
    /// The 4th field (origin) of a flights line, without parsing the rest; <see langword="null"/> when the line has
    /// fewer than 4 fields or the field is empty. Used to key records when replaying the file into Kafka.
    /// </summary>
    public static string? ExtractOrigin(string? line)
    {
        if (line is null)
        {
            return null;
        }
        ReadOnlySpan<char> rest = line;
        for (int i = 0; i < 3; i++)
        {
            int comma = rest.IndexOf(',');
            if (comma < 0)
            {
                return null;
            }
            rest = rest[(comma + 1)..];
        }
        int end = rest.IndexOf(',');
        ReadOnlySpan<char> origin = end < 0 ? rest : rest[..end];
        if (origin.IsEmpty)
        {
            return null;
        }
        return TryCode(origin, out string? code) ? code : origin.ToString();
    }

    /// <summary>
    /// Parses one data line. On failure <paramref name="error"/> says precisely why, e.g.
    /// <c>expected 5 fields, found 3</c>, <c>field 2 'delay': 'abc' is not an integer</c>,
    /// <c>field 4 'origin': 'AB' is not a 3-letter IATA code</c>.
    /// </summary>
    public static bool TryParse(string? line, [NotNullWhen(true)] out Flight? flight, [NotNullWhen(false)] out string? error)
    {
        flight = null;
        if (string.IsNullOrEmpty(line))
        {
            error = "line is empty";
            return false;
        }
        ReadOnlySpan<char> span = line;
        if (span[^1] == '\r')
        {
            span = span[..^1];
        }

        int fields = span.Count(',') + 1;
        if (fields != FieldCount)
        {
            error = $"expected {FieldCount} fields, found {fields}";
            return false;
        }

        int c1 = span.IndexOf(',');
        ReadOnlySpan<char> date = span[..c1];
        ReadOnlySpan<char> rest = span[(c1 + 1)..];
        int c2 = rest.IndexOf(',');
        ReadOnlySpan<char> delay = rest[..c2];
        rest = rest[(c2 + 1)..];
        int c3 = rest.IndexOf(',');
        ReadOnlySpan<char> distance = rest[..c3];
        rest = rest[(c3 + 1)..];
        int c4 = rest.IndexOf(',');
        ReadOnlySpan<char> origin = rest[..c4];
        ReadOnlySpan<char> destination = rest[(c4 + 1)..];

        if (!TryParseDate(date, out DateTime departure))
        {
            error = date.IsEmpty
                ? "field 1 'date' is empty"
                : $"field 1 'date': '{Quote(date)}' is not a valid yyyy-MM-ddTHH:mm date";
            return false;
        }
        if (!TryParseInt(delay, out int delayMinutes, out error, 2, "delay"))
        {
            return false;
        }
        if (!TryParseInt(distance, out int distanceMiles, out error, 3, "distance"))
        {
            return false;
        }
        if (distanceMiles < 0)
        {
            error = $"field 3 'distance': '{Quote(distance)}' is negative";
            return false;
        }
        if (!TryParseCode(origin, out string? originCode, out error, 4, "origin"))
        {
            return false;
        }
        if (!TryParseCode(destination, out string? destinationCode, out error, 5, "destination"))
        {
            return false;
        }

        flight = new Flight(departure, delayMinutes, distanceMiles, originCode, destinationCode);
        return true;
    }

    private static bool TryParseInt(ReadOnlySpan<char> text, out int value, [NotNullWhen(false)] out string? error, int index, string name)
    {
        if (text.IsEmpty)
        {
            value = 0;
            error = $"field {index} '{name}' is empty";
            return false;
        }
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            error = $"field {index} '{name}': '{Quote(text)}' is not an integer";
            return false;
        }
        error = null;
        return true;
    }

    private static bool TryParseCode(ReadOnlySpan<char> text, [NotNullWhen(true)] out string? code, [NotNullWhen(false)] out string? error, int index, string name)
    {
        if (text.IsEmpty)
        {
            code = null;
            error = $"field {index} '{name}' is empty";
            return false;
        }
        if (!TryCode(text, out code))
        {
            error = $"field {index} '{name}': '{Quote(text)}' is not a 3-letter IATA code";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>A code is exactly 3 characters A–Z or 0–9 (the airports file also has FAA codes such as <c>00M</c>).</summary>
    private static bool TryCode(ReadOnlySpan<char> text, [NotNullWhen(true)] out string? code)
    {
        code = null;
        if (text.Length != 3)
        {
            return false;
        }
        int index = 0;
        foreach (char ch in text)
        {
            int digit = ch switch
            {
                >= 'A' and <= 'Z' => ch - 'A',
                >= '0' and <= '9' => 26 + (ch - '0'),
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }
            index = (index * 36) + digit;
        }
        code = s_codes[index];
        if (code is null)
        {
            code = text.ToString();
            s_codes[index] = code;
        }
        return true;
    }

    /// <summary>Strict <c>yyyy-MM-ddTHH:mm</c> (16 characters), read as UTC.</summary>
    private static bool TryParseDate(ReadOnlySpan<char> s, out DateTime value)
    {
        value = default;
        if (s.Length != 16 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':')
        {
            return false;
        }
        if (!TryDigits(s[..4], out int year) || !TryDigits(s.Slice(5, 2), out int month) ||
            !TryDigits(s.Slice(8, 2), out int day) || !TryDigits(s.Slice(11, 2), out int hour) ||
            !TryDigits(s.Slice(14, 2), out int minute))
        {
            return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) ||
            hour > 23 || minute > 59)
        {
            return false;
        }
        value = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (char ch in s)
        {
            uint digit = (uint)(ch - '0');
            if (digit > 9)
            {
                return false;
            }
            value = (value * 10) + (int)digit;
        }
        return true;
    }

    private static string Quote(ReadOnlySpan<char> text) =>
        text.Length <= MaxQuotedLength ? text.ToString() : string.Concat(text[..MaxQuotedLength], "...");
}
