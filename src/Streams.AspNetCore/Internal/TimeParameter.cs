using System.Globalization;

namespace Streams.AspNetCore.Internal;

/// <summary>Reads a time bound from the query string: epoch milliseconds, or an ISO-8601 date-time (UTC unless it carries an offset).</summary>
internal static class TimeParameter
{
    public static bool TryParse(string? text, long fallback, out long ms, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            ms = fallback;
            return true;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ms))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            ms = time.ToUnixTimeMilliseconds();
            return true;
        }

        error = $"'{RequestTarget.Echo(text)}' is neither epoch milliseconds nor an ISO-8601 date-time.";
        return false;
    }
}
