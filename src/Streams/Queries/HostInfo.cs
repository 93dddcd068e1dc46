namespace Streams.Queries;

/// <summary>
/// The endpoint an instance advertises for interactive queries, as Kafka Streams' <c>HostInfo</c>: the host
/// and port of <see cref="StreamsOptions.ApplicationServer"/>. Streams never listens on it itself; the
/// HTTP endpoint of Streams.AspNetCore (or the user's own server) does.
/// </summary>
/// <param name="Host">Host name or IP address, as other instances reach it.</param>
/// <param name="Port">TCP port, 0 to 65535.</param>
public sealed record HostInfo(string Host, int Port)
{
    /// <summary>The placeholder Kafka Streams returns when no instance hosts a key (<c>HostInfo.unavailable()</c>): host "unavailable", port -1.</summary>
    public static HostInfo Unavailable { get; } = new("unavailable", -1);

    /// <summary>Parses <c>host:port</c> (IPv6 hosts in brackets, e.g. <c>[::1]:8080</c>).</summary>
    /// <param name="value">The endpoint text.</param>
    /// <returns>The parsed endpoint.</returns>
    /// <exception cref="ArgumentException">The text is not <c>host:port</c> with a port from 0 to 65535; the message quotes it.</exception>
    public static HostInfo Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new ArgumentException($"'{value}' is not an endpoint of the form host:port (port 0 to 65535).", nameof(value));
        }

        var host = value[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        return host.Length == 0 ? throw new ArgumentException($"'{value}' has no host.", nameof(value)) : new HostInfo(host, port);
    }

    /// <summary>Formats as <c>host:port</c> (IPv6 hosts in brackets).</summary>
    /// <returns>The endpoint text, parseable by <see cref="Parse"/>.</returns>
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
