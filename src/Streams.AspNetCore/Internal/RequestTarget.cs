using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Streams.AspNetCore.Internal;

/// <summary>
/// Checks the request target as the client sent it (before any decoding): every <c>%</c> must start a two-digit hex
/// escape and the decoded bytes must be UTF-8, in the path and in the query. Kestrel passes malformed escapes through
/// undecoded and invalid UTF-8 as replacement characters, which would make a key the client never meant; such requests
/// answer 400 instead.
/// </summary>
internal static class RequestTarget
{
    /// <summary>Null when the target is well-formed percent-encoded UTF-8; otherwise why not (without echoing it).</summary>
    public static string? Problem(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            raw = http.Request.PathBase.ToUriComponent() + http.Request.Path.ToUriComponent() + http.Request.QueryString.ToUriComponent();
        }

        return Problem(raw);
    }

    /// <summary>Null when <paramref name="target"/> is well-formed percent-encoded UTF-8; otherwise why not.</summary>
    internal static string? Problem(string target)
    {
        var bytes = new byte[target.Length * 3];
        var length = 0;
        for (var i = 0; i < target.Length; i++)
        {
            var c = target[i];
            if (c == '%')
            {
                if (i + 2 >= target.Length || !char.IsAsciiHexDigit(target[i + 1]) || !char.IsAsciiHexDigit(target[i + 2]))
                {
                    return $"The request target has a '%' at character {i + 1} that does not start a two-digit hex escape (percent-encode '%' as %25).";
                }

                bytes[length++] = (byte)((HexValue(target[i + 1]) << 4) | HexValue(target[i + 2]));
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes[length++] = (byte)c;
            }
            else
            {
                length += System.Text.Encoding.UTF8.GetBytes(target.AsSpan(i, char.IsHighSurrogate(c) && i + 1 < target.Length ? 2 : 1), bytes.AsSpan(length));
                i += char.IsHighSurrogate(c) && i + 1 < target.Length ? 1 : 0;
            }
        }

        return Utf8.IsValid(bytes.AsSpan(0, length))
            ? null
            : "The request target's percent-escapes do not decode to UTF-8 (keys are UTF-8 text, percent-encoded).";
    }

    /// <summary>User input as echoed in an answer: at most <paramref name="max"/> characters, then how long it was.</summary>
    public static string Echo(string text, int max = 64) => text.Length <= max ? text : $"{text[..max]}… ({text.Length} characters)";

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
