namespace FlightDelays;

/// <summary>
/// The latest <see cref="WindowResult"/> of each window (origin and window start), kept compact. The 3M flights make ~420k
/// windows, and a WindowResult object per window (with its entry in one large dictionary) took ~70 MB, most of the main
/// job's managed heap, while the dictionary's doublings left large-object-heap garbage on top. Here: per origin, window
/// start (epoch ms) -> a 40-byte struct, in dictionaries of at most <see cref="ChunkWindows"/> entries (under the
/// 85,000-byte large-object threshold, so their growth is collected young); origins and airport fields are stored once
/// each. Not thread-safe.
/// </summary>
public sealed class LatestWindowResults
{
    /// <summary>Windows per dictionary of one origin.</summary>
    public const int ChunkWindows = 1024;

    private readonly Dictionary<string, int> _originIds = new(StringComparer.Ordinal);
    private readonly List<(string Origin, List<Dictionary<long, Stored>> Chunks)> _byOrigin = [];
    private readonly Dictionary<(string? Name, string? City, string? State), int> _airportIds = [];
    private readonly List<(string? Name, string? City, string? State)> _airports = [];

    /// <summary>
    /// The latest result of each window read, ordered by origin (ordinal), then window start. The list holds the compact
    /// rows and makes each <see cref="WindowResult"/> when it is read, so the ~420k results of the 3M flights are never all
    /// objects at once. The windows are handed over: afterwards this holds none.
    /// </summary>
    public IReadOnlyList<WindowResult> TakeResults()
    {
        var rows = new Row[_byOrigin.Sum(o => o.Chunks.Sum(c => c.Count))];
        var n = 0;
        foreach (var origin in Enumerable.Range(0, _byOrigin.Count).OrderBy(i => _byOrigin[i].Origin, StringComparer.Ordinal))
        {
            var from = n;
            foreach (var chunk in _byOrigin[origin].Chunks)
            {
                foreach (var (start, window) in chunk)
                {
                    rows[n++] = new Row(origin, start, window);
                }
            }

            Array.Sort(rows, from, n - from, Comparer<Row>.Create(static (x, y) => x.Start.CompareTo(y.Start)));
        }

        var results = new ResultList(rows, [.. _byOrigin.Select(o => o.Origin)], [.. _airports]);
        _byOrigin.Clear();
        _originIds.Clear();
        return results;
    }

    /// <summary>Keeps <paramref name="result"/> as the latest of its window (origin and start), replacing an earlier one.</summary>
    public void Add(WindowResult result)
    {
        if (!_originIds.TryGetValue(result.Origin, out var origin))
        {
            origin = _byOrigin.Count;
            _originIds.Add(result.Origin, origin);
            _byOrigin.Add((result.Origin, [[]]));
        }

        var fields = (result.AirportName, result.City, result.State);
        if (!_airportIds.TryGetValue(fields, out var airport))
        {
            airport = _airports.Count;
            _airportIds.Add(fields, airport);
            _airports.Add(fields);
        }

        var start = result.WindowStart.ToUnixTimeMilliseconds();
        var stored = new Stored(result.WindowEnd.ToUnixTimeMilliseconds(), result.Flights, result.TotalDelay, result.AvgDelay, result.MaxDelay, airport);
        var chunks = _byOrigin[origin].Chunks;
        for (var i = chunks.Count - 1; i >= 0; i--)
        {
            if (chunks[i].ContainsKey(start))
            {
                chunks[i][start] = stored; // an update of a window already read: no growth
                return;
            }
        }

        if (chunks[^1].Count == ChunkWindows)
        {
            chunks.Add(new Dictionary<long, Stored>(ChunkWindows));
        }

        chunks[^1].Add(start, stored);
    }

    /// <summary>One window's latest result without its origin and start (the dictionary keys) and with its airport fields as an index.</summary>
    private readonly record struct Stored(long WindowEndMs, long Flights, long TotalDelay, double AvgDelay, int MaxDelay, int Airport);

    /// <summary>A window's latest result with its origin (an index) and start.</summary>
    private readonly record struct Row(int Origin, long Start, Stored Window);

    /// <summary>Rows in result order, each made a <see cref="WindowResult"/> when read.</summary>
    private sealed class ResultList(Row[] rows, string[] origins, (string? Name, string? City, string? State)[] airports) : IReadOnlyList<WindowResult>
    {
        public int Count => rows.Length;

        public WindowResult this[int index]
        {
            get
            {
                var (origin, start, w) = rows[index];
                var (name, city, state) = airports[w.Airport];
                return new WindowResult(
                    origins[origin], DateTimeOffset.FromUnixTimeMilliseconds(start), DateTimeOffset.FromUnixTimeMilliseconds(w.WindowEndMs),
                    w.Flights, w.TotalDelay, w.AvgDelay, w.MaxDelay, name, city, state);
            }
        }

        public IEnumerator<WindowResult> GetEnumerator()
        {
            for (var i = 0; i < rows.Length; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
