namespace Streams.Benchmarks.Support;

/// <summary>Finds files of the repository (the shipped sample data) from the working directory or the binary's folder.</summary>
internal static class RepoPaths
{
    public static string SampleFlights => Find(Path.Combine("examples", "FlightDelays", "data", "flights-sample.csv.gz"));

    public static string SampleAirports => Find(Path.Combine("examples", "FlightDelays", "data", "airports.csv"));

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
