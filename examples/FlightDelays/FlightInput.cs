using System.IO.Compression;
using System.Text;

namespace FlightDelays;

/// <summary>Reads the lines of a flights CSV file, plain or gzip-compressed.</summary>
public static class FlightInput
{
    private const int BufferSize = 1 << 16;

    /// <summary>
    /// Lazily yields the data lines of <paramref name="path"/> (.csv or .csv.gz; gzip is recognised by its magic
    /// bytes 1F 8B, whatever the extension). The first line is skipped when it is the header
    /// (<see cref="FlightParser.IsHeader"/>); every other line, even an empty one, is yielded as is.
    /// The file is opened on the first <c>MoveNext</c>.
    /// </summary>
    public static IEnumerable<string> ReadLines(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadLinesIterator(path);
    }

    /// <summary>True when the file starts with the gzip magic bytes.</summary>
    public static bool IsGzip(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        return IsGzip(file);
    }

    /// <summary>Yields the data lines of a text reader, skipping a leading header line.</summary>
    public static IEnumerable<string> ReadLines(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadLinesIterator(reader);
    }

    private static IEnumerable<string> ReadLinesIterator(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        bool gzip = IsGzip(file);
        using Stream input = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize);
        foreach (string line in ReadLinesIterator(reader))
        {
            yield return line;
        }
    }

    private static IEnumerable<string> ReadLinesIterator(TextReader reader)
    {
        string? line = reader.ReadLine();
        if (line is null)
        {
            yield break;
        }
        if (!FlightParser.IsHeader(line))
        {
            yield return line;
        }
        while ((line = reader.ReadLine()) is not null)
        {
            yield return line;
        }
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }
}
