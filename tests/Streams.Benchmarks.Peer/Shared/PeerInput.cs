using FlightDelays;

namespace Streams.Benchmarks.Peer;

/// <summary>The input records of the <c>peer</c> benchmark, as the parent produces them and as the drivers pipe them.</summary>
public static class PeerInput
{
    /// <summary>The drivers' input topic.</summary>
    public const string Topic = "peer-flights";

    /// <summary>The drivers' output topic.</summary>
    public const string OutputTopic = "peer-output";

    /// <summary>
    /// The first <paramref name="records"/> data lines of a flights CSV (plain or gzip): key the origin airport (the
    /// 4th field, empty when missing), value the line, timestamp the scheduled departure in epoch ms (for a line that
    /// does not parse, the previous line's).
    /// </summary>
    public static List<(string Key, string Line, long TimestampMs)> Read(string path, long records)
    {
        var result = new List<(string, string, long)>((int)Math.Min(records, 4_000_000));
        long timestamp = 0;
        foreach (var line in FlightInput.ReadLines(path))
        {
            if (result.Count >= records)
            {
                break;
            }

            if (PeerContract.Parse(line) is { } flight)
            {
                timestamp = flight.TimestampMs;
            }

            result.Add((FlightParser.ExtractOrigin(line) ?? string.Empty, line, timestamp));
        }

        return result;
    }
}
