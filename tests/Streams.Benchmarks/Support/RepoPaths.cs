namespace Streams.Benchmarks.Support;

/// <summary>Finds files of the repository (the shipped sample data) from the working directory or the binary's folder.</summary>
internal static class RepoPaths
{
    public static string SampleFlights => Find(Path.Combine("examples", "FlightDelays", "data", "flights-sample.csv.gz"));

    public static string SampleAirports => Find(Path.Combine("examples", "FlightDelays", "data", "airports.csv"));

    /// <summary>The Streamiz side of the <c>peer</c> command: tests/Streams.Benchmarks.Peer's project file.</summary>
    public static string PeerProject => Find(Path.Combine("tests", "Streams.Benchmarks.Peer", "Streams.Benchmarks.Peer.csproj"));

    /// <summary>The 3M-flight file beside the repository (<c>../shared/data/flights-3m.csv.gz</c>), or null when absent.</summary>
    public static string? SharedFlights
    {
        get
        {
            var path = Find(Path.Combine("shared", "data", "flights-3m.csv.gz"));
            return File.Exists(path) ? path : null;
        }
    }

    private static string Find(string relative)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return relative;
    }
}
