using System.IO.Compression;
using FlightDelays;

namespace Streams.IntegrationTests.FlightDelaysDomain;

public sealed class FlightInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flightinput-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Text = "date,delay,distance,origin,destination\n2001-01-01T00:01,33,2176,LAS,PHL\r\n2001-01-01T00:02,1,2,ATL,SAV\n";

    [Fact]
    public void Reads_plain_and_gzip_files_the_same_and_skips_the_header()
    {
        string plain = Path.Combine(_dir, "f.csv");
        File.WriteAllText(plain, Text);
        string gz = Path.Combine(_dir, "f.csv.gz");
        WriteGzip(gz, Text);
        string gzWithoutExtension = Path.Combine(_dir, "f.dat");
        File.Copy(gz, gzWithoutExtension);

        string[] expected = ["2001-01-01T00:01,33,2176,LAS,PHL", "2001-01-01T00:02,1,2,ATL,SAV"];
        FlightInput.ReadLines(plain).Should().Equal(expected);
        FlightInput.ReadLines(gz).Should().Equal(expected);
        FlightInput.ReadLines(gzWithoutExtension).Should().Equal(expected);
        FlightInput.IsGzip(gz).Should().BeTrue();
        FlightInput.IsGzip(plain).Should().BeFalse();
    }

    [Fact]
    public void Keeps_the_first_line_when_there_is_no_header_and_handles_empty_files()
    {
        string plain = Path.Combine(_dir, "noheader.csv");
        File.WriteAllText(plain, "2001-01-01T00:01,33,2176,LAS,PHL\n");
        FlightInput.ReadLines(plain).Should().Equal("2001-01-01T00:01,33,2176,LAS,PHL");

        string empty = Path.Combine(_dir, "empty.csv");
        File.WriteAllText(empty, "");
        FlightInput.ReadLines(empty).Should().BeEmpty();

        string headerOnly = Path.Combine(_dir, "header.csv.gz");
        WriteGzip(headerOnly, "date,delay,distance,origin,destination\n");
        FlightInput.ReadLines(headerOnly).Should().BeEmpty();
    }

    [Fact]
    public void Missing_file_fails_on_enumeration()
    {
        IEnumerable<string> lines = FlightInput.ReadLines(Path.Combine(_dir, "missing.csv"));
        Func<string> enumerate = lines.First;
        enumerate.Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void Shipped_sample_has_the_first_week()
    {
        var lines = FlightInput.ReadLines(ShippedData.FlightsSample).ToList();
        lines.Should().HaveCount(ShippedData.SampleRows);
        lines[0].Should().Be("2001-01-01T00:01,33,2176,LAS,PHL");
        lines[^1].Should().StartWith("2001-01-07T23:59,");
    }

    private static void WriteGzip(string path, string text)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        using var writer = new StreamWriter(gzip);
        writer.Write(text);
    }
}
