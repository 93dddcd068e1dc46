using FlightDelays;

namespace Streams.IntegrationTests.FlightDelaysDomain;

public sealed class AirportsCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("airports-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Reads_every_shipped_airport_with_quoted_names()
    {
        IReadOnlyList<Airport> airports = AirportsCsv.Read(ShippedData.AirportsCsv);

        airports.Should().HaveCount(ShippedData.Airports);
        airports[0].Should().Be(new Airport("00M", "Thigpen", "Bay Springs", "MS"));
        var byIata = airports.ToDictionary(a => a.Iata);
        byIata["35A"].Should().Be(new Airport("35A", "Union County, Troy Shelton", "Union", "SC"));
        byIata["DBN"].Name.Should().Be("W. H. \"Bud\" Barron");
        byIata["ORD"].City.Should().Be("Chicago");
        byIata["CLD"].Should().Be(new Airport("CLD", "MC Clellan-Palomar Airport", null, null));
        airports.Count(a => a.City is null).Should().Be(12);
    }

    [Fact]
    public void Every_origin_of_the_sample_is_an_airport()
    {
        IReadOnlyDictionary<string, Airport> byIata = AirportsCsv.ReadByIata(ShippedData.AirportsCsv);
        var origins = FlightInput.ReadLines(ShippedData.FlightsSample).Select(FlightParser.ExtractOrigin).Distinct().ToList();
        origins.Should().HaveCount(223);
        origins.Where(o => !byIata.ContainsKey(o!)).Should().BeEmpty();
    }

    [Fact]
    public void Reads_columns_by_header_name()
    {
        string path = Write("a.csv", "name,state,iata,city\n\"X, Y\",IL,ABC,Town\n");
        AirportsCsv.Read(path).Should().Equal(new Airport("ABC", "X, Y", "Town", "IL"));
    }

    [Fact]
    public void Wrong_field_count_names_file_and_line()
    {
        string path = Write("bad.csv", "iata,name,city,state,country\nAAA,A,B,CA,USA\nBBB,\"Only, two\"\nCCC,C,D,NY,USA\n");
        Action read = () => AirportsCsv.Read(path);
        read.Should().Throw<InvalidDataException>().WithMessage($"{path}:3: expected 5 fields, found 2");
    }

    [Fact]
    public void Unterminated_quote_names_file_and_line()
    {
        string path = Write("quote.csv", "iata,name,city,state\nAAA,A,B,CA\nBBB,\"Broken,C,NY\nCCC,C,D,NY\n");
        Action read = () => AirportsCsv.Read(path);
        read.Should().Throw<InvalidDataException>().Where(e => e.Message.StartsWith($"{path}:3:", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_column_and_empty_code_are_errors()
    {
        string noState = Write("nostate.csv", "iata,name,city\nAAA,A,B\n");
        ((Action)(() => AirportsCsv.Read(noState))).Should().Throw<InvalidDataException>()
            .WithMessage($"{noState}:1: header has no 'state' column*");

        string emptyCode = Write("empty.csv", "iata,name,city,state\nAAA,A,B,CA\n,A,B,CA\n");
        ((Action)(() => AirportsCsv.Read(emptyCode))).Should().Throw<InvalidDataException>()
            .WithMessage($"{emptyCode}:3: empty iata code");

        string duplicate = Write("dup.csv", "iata,name,city,state\nAAA,A,B,CA\nAAA,A,B,CA\n");
        ((Action)(() => AirportsCsv.ReadByIata(duplicate))).Should().Throw<InvalidDataException>()
            .WithMessage($"{duplicate}: duplicate airport code 'AAA'");

        string empty = Write("nothing.csv", "");
        ((Action)(() => AirportsCsv.Read(empty))).Should().Throw<InvalidDataException>().WithMessage($"{empty}:1: the file is empty*");
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
