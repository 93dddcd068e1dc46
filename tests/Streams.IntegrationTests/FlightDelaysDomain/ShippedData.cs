namespace Streams.IntegrationTests.FlightDelaysDomain;

/// <summary>Locates the data shipped with examples/FlightDelays (copied to the output, else found in the repo).</summary>
internal static class ShippedData
{
    public const int SampleRows = 113_493;
    public const int Airports = 3_376;

    public static string FlightsSample => Find("flights-sample.csv.gz");

    public static string AirportsCsv => Find("airports.csv");

    private static string Find(string name)
    {
        string copied = Path.Combine(AppContext.BaseDirectory, "data", name);
        if (File.Exists(copied))
        {
            return copied;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "examples", "FlightDelays", "data", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"shipped data file {name} not found from {AppContext.BaseDirectory}");
    }
}
