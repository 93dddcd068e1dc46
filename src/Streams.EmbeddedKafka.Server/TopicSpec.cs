using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Streams.EmbeddedKafka.Server;

/// <summary>A topic to create at start, parsed from <c>name[:partitions]</c>.</summary>
internal sealed record TopicSpec(string Name, int Partitions)
{
    public static TopicSpec Parse(string spec) =>
        TryParse(spec, out var result, out var error) ? result : throw new FormatException(error);

    public static bool TryParse(string spec, [NotNullWhen(true)] out TopicSpec? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        var colon = spec.LastIndexOf(':');
        var name = colon < 0 ? spec : spec[..colon];
        var partitions = 1;
        if (name.Length == 0)
        {
            error = $"--topic '{spec}': the topic name is empty (expected name:partitions).";
            return false;
        }

        if (colon >= 0 && (!int.TryParse(spec.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out partitions) || partitions < 1))
        {
            error = $"--topic '{spec}': the partition count must be a positive integer (expected name:partitions).";
            return false;
        }

        result = new TopicSpec(name, partitions);
        error = null;
        return true;
    }
}
