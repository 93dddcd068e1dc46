using System.Globalization;
using CsvHelper;

namespace FlightDelays;

/// <summary>A US airport from <c>airports.csv</c> (Data.gov via vega-datasets).</summary>
/// <param name="Iata">Airport code (IATA, or FAA for small fields such as <c>00M</c>).</param>
/// <param name="Name">Airport name, e.g. <c>Union County, Troy Shelton</c> (quoted in the file).</param>
/// <param name="City">City, or <see langword="null"/> where the file says <c>NA</c> (12 rows).</param>
/// <param name="State">Two-letter state, or <see langword="null"/> where the file says <c>NA</c> (12 rows).</param>
public sealed record Airport(string Iata, string Name, string? City, string? State);

/// <summary>Reads <c>iata,name,city,state,...</c> CSV files (RFC 4180 quoting) with CsvHelper.</summary>
public static class AirportsCsv
{
    private static readonly string[] s_required = ["iata", "name", "city", "state"];

    /// <summary>
    /// Reads every airport in file order. Columns are found by header name (case-insensitive); extra columns
    /// (country, latitude, longitude) are ignored; <c>NA</c> or empty city/state become <see langword="null"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">Malformed input; the message starts with <c>path:line:</c>.</exception>
    public static IReadOnlyList<Airport> Read(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>Reads airports into a dictionary keyed by code (ordinal). Duplicate codes are an error.</summary>
    /// <exception cref="InvalidDataException">Malformed input or a duplicate code.</exception>
    public static IReadOnlyDictionary<string, Airport> ReadByIata(string path)
    {
        var byIata = new Dictionary<string, Airport>(StringComparer.Ordinal);
        foreach (Airport airport in Read(path))
        {
            if (!byIata.TryAdd(airport.Iata, airport))
            {
                throw new InvalidDataException($"{path}: duplicate airport code '{airport.Iata}'");
            }
        }
        return byIata;
    }

    /// <summary>Reads airports from <paramref name="reader"/>; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">Malformed input; the message starts with <c>sourceName:line:</c>.</exception>
    public static IReadOnlyList<Airport> Read(TextReader reader, string sourceName)
    {
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            AllowLineBreaksInQuotes = false,
        };
        var airports = new List<Airport>(4096);
        try
        {
            using CsvReader csv = CsvReader.Create(reader, options, leaveOpen: true);
            IReadOnlyList<string> header = csv.Headers;
            if (header.Count == 0)
            {
                throw Malformed(sourceName, 1, "the file is empty (expected a header iata,name,city,state,...)");
            }
            var index = new int[s_required.Length];
            for (int i = 0; i < s_required.Length; i++)
            {
                index[i] = -1;
                for (int h = 0; h < header.Count; h++)
                {
                    if (string.Equals(header[h].Trim(), s_required[i], StringComparison.OrdinalIgnoreCase))
                    {
                        index[i] = h;
                        break;
                    }
                }
                if (index[i] < 0)
                {
                    throw Malformed(sourceName, 1, $"header has no '{s_required[i]}' column (found: {string.Join(',', header)})");
                }
            }

            while (csv.Read())
            {
                long line = csv.LineNumber;
                if (csv.FieldCount != header.Count)
                {
                    throw Malformed(sourceName, line, $"expected {header.Count} fields, found {csv.FieldCount}");
                }
                string iata = csv.GetString(index[0]).Trim();
                if (iata.Length == 0)
                {
                    throw Malformed(sourceName, line, "empty iata code");
                }
                airports.Add(new Airport(iata, csv.GetString(index[1]), Optional(csv.GetString(index[2])), Optional(csv.GetString(index[3]))));
            }
        }
        catch (CsvFormatException ex)
        {
            throw Malformed(sourceName, ex.LineNumber, ex.Message.Split('\n')[0].Trim(), ex);
        }
        return airports;
    }

    private static string? Optional(string? value) =>
        string.IsNullOrWhiteSpace(value) || value == "NA" ? null : value;

    private static InvalidDataException Malformed(string source, long line, string reason, Exception? inner = null) =>
        new($"{source}:{line}: {reason}", inner);
}
