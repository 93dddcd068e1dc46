using System.Text;

namespace Streams.AspNetCore.Tests.Support;

/// <summary>One server-sent event as framed on the wire.</summary>
public sealed record SseFrame(string? Id, string? Event, string Data);

/// <summary>Reads raw server-sent event frames (lines up to a blank line), so tests see the exact framing.</summary>
public sealed class SseReader(Stream stream)
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    /// <summary>The comment lines seen so far (": …").</summary>
    public List<string> Comments { get; } = [];

    /// <summary>The next event, or null at the end of the stream. Bounded by <paramref name="cancellationToken"/>.</summary>
    public async Task<SseFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        string? id = null, type = null;
        var data = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (data.Count > 0 || type is not null)
                {
                    return new SseFrame(id, type, string.Join('\n', data));
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                Comments.Add(line);
            }
            else if (line.StartsWith("id: "))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: "))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: "))
            {
                data.Add(line[6..]);
            }
            else
            {
                throw new InvalidDataException($"Unexpected SSE line '{line}'.");
            }
        }
    }

    public async Task<List<SseFrame>> ReadAsync(int count, CancellationToken cancellationToken)
    {
        var frames = new List<SseFrame>();
        while (frames.Count < count && await ReadAsync(cancellationToken) is { } frame)
        {
            frames.Add(frame);
        }

        return frames;
    }
}
