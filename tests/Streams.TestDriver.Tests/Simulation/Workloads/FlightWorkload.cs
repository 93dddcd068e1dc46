using Confluent.Kafka;
using FlightDelays;
using Streams.Queries;
using Streams.RocksDb;
using Streams.Serialization;
using Streams.State;
using Streams.TestDriver.Simulation;

namespace Streams.TestDriver.Tests.Simulation.Workloads;

/// <summary>
/// The flight-delay example's main job (<see cref="FlightTopology.Build"/>: parse CSV lines, malformed ones to the
/// dead-letter topic, 1-hour tumbling windows with 10 minutes grace per origin airport aggregated into
/// <see cref="DelayStats"/>, left-joined with the airports GlobalKTable, flights over 60 minutes late to
/// <c>severe-delays</c>) over real flight rows: the example's <c>data/flights-sample.csv.gz</c> (the first 7 days of the
/// shared <c>flights-3m.csv.gz</c>), a seeded sample of them in event-time order with some disorder.
/// </summary>
/// <remarks>
/// <para>
/// The seed picks 8 of the 20 busiest origins, a start hour in the first 5 days, keeps each of their rows from there on
/// with probability 1/2, sends each batch with neighbours swapped (by at most <see cref="MaxDisorder"/>, below the grace,
/// so no record is late) and now and then a malformed line (a real row with a broken delay). Each origin goes to one
/// partition of <c>flights</c> (the aggregate is keyed by origin, without repartitioning). The airports of the origins are
/// loaded into the global table before the first instance starts, all but one of them on odd seeds (its results carry no
/// airport). About 1 row in 25 is held back and sent in the final batch, after the faults: those whose window closed
/// (end + grace at or before the stream time of its partition, counting the final batch's own earlier records) are
/// dropped as Kafka drops them; the others are on time.
/// </para>
/// <para>
/// Why late records only in the final batch: the window aggregate's stream time is its processor's own (as Kafka
/// Streams' <c>KStreamWindowAggregate.observedStreamTime</c>), not restored when a task moves or restarts, so whether a
/// record far behind is dropped depends on where the last commit left the replay; in the final batch (no fault follows)
/// it does not.
/// </para>
/// <para>
/// The reference replays the accepted input per partition in production order: each window's final aggregate, and the
/// aggregate after each of its records (the only values a single processing can emit). The checker: under exactly-once,
/// each window's committed results are such prefix aggregates, strictly growing, the last one the final aggregate, the
/// airport fields those of the loaded airport; every severe delay and every malformed line committed exactly once. Under
/// at-least-once: each window's last result has at least its flights (losses counted), more are duplicates; severe delays
/// and dead letters at least once. Both: the window store read through interactive queries and the changelog's latest
/// value per window equal the reference.
/// </para>
/// </remarks>
internal sealed class FlightWorkload : ISimulationWorkload
{
    /// <summary>The partitions of the flights topic (and so the tasks).</summary>
    public const int FlightPartitions = 4;

    /// <summary>The largest event-time distance by which a batch reorders two neighbouring rows; below the 10-minute grace.</summary>
    public static readonly TimeSpan MaxDisorder = TimeSpan.FromMinutes(5);

    private static readonly Lazy<IReadOnlyList<Flight>> s_rows = new(LoadRows);
    private static readonly Lazy<IReadOnlyDictionary<string, Airport>> s_airports = new(() => AirportsCsv.ReadByIata(DataFile("airports.csv")));

    private readonly List<Flight> _stream = [];
    private readonly List<Flight> _heldBack = [];
    private readonly Dictionary<string, Airport> _loadedAirports = new(StringComparer.Ordinal);
    private readonly FlightReference _reference = new();
    private int _next;

    /// <inheritdoc />
    public string Name => "flights";

    /// <inheritdoc />
    public IReadOnlyList<(string Topic, int Partitions)> Topics { get; } =
    [
        (FlightTopology.FlightsTopic, FlightPartitions), (FlightTopology.AirportsTopic, 1), (FlightTopology.DeadLetterTopic, 2),
        (FlightTopology.StatsTopic, 2), (FlightTopology.SevereTopic, 2),
    ];

    /// <inheritdoc />
    public IReadOnlyList<string> SourceTopics { get; } = [FlightTopology.FlightsTopic];

    /// <inheritdoc />
    public bool HasQueryableStore => true;

    /// <summary>The reference computed from the input so far.</summary>
    public FlightReference Reference => _reference;

    /// <summary>The airports loaded into the global table, by code (the origins the results name with their airport).</summary>
    public IReadOnlyDictionary<string, Airport> LoadedAirports => _loadedAirports;

    /// <inheritdoc />
    public Topology BuildTopology() => FlightTopology.Build();

    /// <inheritdoc />
    public void Configure(StreamsOptions options) => options.DslStoreSuppliers = RocksDbDslStoreSuppliers.Instance;

    /// <inheritdoc />
    public int Prepare(Random rng, IProducer<byte[], byte[]> producer)
    {
        var rows = s_rows.Value;
        var busiest = rows.GroupBy(f => f.Origin, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(20).Select(g => g.Key).ToList();
        var origins = busiest.OrderBy(_ => rng.Next()).Take(8).ToHashSet(StringComparer.Ordinal);
        var start = rows[0].ScheduledDepartureUtc.AddHours(rng.Next(0, 5 * 24));
        foreach (var f in rows)
        {
            if (f.ScheduledDepartureUtc >= start && origins.Contains(f.Origin) && rng.Next(2) == 0)
            {
                _stream.Add(f);
            }
        }

        var withoutAirport = rng.Next(2) == 1 ? origins.Order(StringComparer.Ordinal).First() : null;
        foreach (var origin in origins.Order(StringComparer.Ordinal).Where(o => o != withoutAirport))
        {
            var airport = s_airports.Value[origin];
            _loadedAirports[origin] = airport;
            producer.Produce(FlightTopology.AirportsTopic, new Message<byte[], byte[]>
            {
                Key = Serdes.String.Serialize(origin, default)!,
                Value = FlightTopology.AirportSerde.Serialize(airport, new SerializationContext(MessageComponentType.Value, FlightTopology.AirportsTopic))!,
            });
        }

        return _loadedAirports.Count;
    }

    /// <inheritdoc />
    public bool Ready(InMemoryKafkaCluster cluster, string applicationId) => true;

    /// <inheritdoc />
    public int Produce(Random rng, IProducer<byte[], byte[]> producer)
    {
        var batch = new List<Flight>();
        var n = rng.Next(5, 40);
        while (batch.Count < n && _next < _stream.Count)
        {
            var f = _stream[_next++];
            if (rng.Next(25) == 0)
            {
                _heldBack.Add(f);
            }
            else
            {
                batch.Add(f);
            }
        }

        // Disorder: swap neighbours less than MaxDisorder apart.
        for (var i = 0; i + 1 < batch.Count; i++)
        {
            if (rng.Next(3) == 0 && batch[i + 1].ScheduledDepartureUtc - batch[i].ScheduledDepartureUtc < MaxDisorder)
            {
                (batch[i], batch[i + 1]) = (batch[i + 1], batch[i]);
            }
        }

        var sent = 0;
        foreach (var f in batch)
        {
            if (rng.Next(40) == 0)
            {
                Send(producer, f, malformed: true);
                sent++;
            }

            Send(producer, f, malformed: false);
            sent++;
        }

        return sent;
    }

    /// <inheritdoc />
    public int ProduceFinal(Random rng, IProducer<byte[], byte[]> producer)
    {
        var sent = 0;
        var batchTime = new Dictionary<int, long>();
        for (var i = 0; i < 30 && _next < _stream.Count; i++)
        {
            var f = _stream[_next++];
            Send(producer, f, malformed: false);
            batchTime[Partition(f.Origin)] = Math.Max(batchTime.GetValueOrDefault(Partition(f.Origin), -1), f.TimestampMs);
            sent++;
        }

        // A held-back row is sent when its fate does not depend on the processor's stream time after the last fault: on
        // time even against its partition's whole history, or late against this batch's own earlier records.
        var size = (long)FlightTopology.WindowSize.TotalMilliseconds;
        var grace = (long)FlightTopology.Grace.TotalMilliseconds;
        foreach (var f in _heldBack)
        {
            var p = Partition(f.Origin);
            var closes = f.TimestampMs - (f.TimestampMs % size) + size + grace;
            if (closes > _reference.StreamTime(p) || closes <= batchTime.GetValueOrDefault(p, -1))
            {
                Send(producer, f, malformed: false);
                sent++;
            }
        }

        return sent;
    }

    /// <inheritdoc />
    public int ProgressRecords(InMemoryKafkaCluster cluster) =>
        Enumerable.Range(0, 2).Sum(p => cluster.Records(new TopicPartition(FlightTopology.StatsTopic, p)).Count);

    /// <inheritdoc />
    public bool CaughtUp(InMemoryKafkaCluster cluster)
    {
        var last = LastResults(cluster);
        return _reference.Windows.All(kv => last.TryGetValue(kv.Key, out var r) && r.Flights >= kv.Value.Final.Flights);
    }

    /// <inheritdoc />
    public bool CheckStore(StreamsApplication app, string when, ProcessingGuarantee guarantee, List<string> violations)
    {
        var view = app.Store(StoreQueryParameters<IReadOnlyWindowStore<string, DelayStats>>.FromNameAndType(FlightTopology.StatsStore, QueryableStoreTypes.WindowStore<string, DelayStats>()));
        var stored = new Dictionary<(string, long), DelayStats>();
        foreach (var kv in view.All())
        {
            stored[(kv.Key.Key, kv.Key.Window.StartMs)] = kv.Value;
        }

        if (stored.Count == 0 && _reference.Windows.Count > 0)
        {
            return false; // not assigned or restored yet
        }

        CompareState(stored, $"{when}'s store {FlightTopology.StatsStore}", violations, guarantee == ProcessingGuarantee.ExactlyOnceV2);
        return true;
    }

    /// <inheritdoc />
    public (long Losses, long Duplicates) Check(InMemoryKafkaCluster cluster, string applicationId, ProcessingGuarantee guarantee, List<string> violations)
    {
        var exactlyOnce = guarantee == ProcessingGuarantee.ExactlyOnceV2;
        long losses = 0, duplicates = 0;

        var results = new Dictionary<(string Origin, long Start), List<WindowResult>>();
        foreach (var r in cluster.CommittedRecords(FlightTopology.StatsTopic))
        {
            var result = WindowResult.FromJson(r.Value);
            var key = (result.Origin, result.WindowStart.ToUnixTimeMilliseconds());
            if (!results.TryGetValue(key, out var list))
            {
                results[key] = list = [];
            }

            list.Add(result);
        }

        foreach (var ((origin, start), list) in results)
        {
            if (!_reference.Windows.ContainsKey((origin, start)))
            {
                violations.Add($"results for {origin} {Time(start)}, a window with no accepted input");
                duplicates += list[^1].Flights;
            }
        }

        foreach (var ((origin, start), window) in _reference.Windows)
        {
            var final = window.Final;
            if (!results.TryGetValue((origin, start), out var list))
            {
                losses += final.Flights;
                violations.Add($"lost: no result for {origin} {Time(start)} ({final.Flights} flights)");
                continue;
            }

            var last = list[^1];
            losses += Math.Max(0, final.Flights - last.Flights);
            duplicates += Math.Max(0, last.Flights - final.Flights);
            if (last.Flights < final.Flights)
            {
                violations.Add($"lost: {origin} {Time(start)}'s last result has {last.Flights} flights of {final.Flights}");
            }

            if (!exactlyOnce)
            {
                continue;
            }

            if (Stats(last) != final)
            {
                violations.Add($"exactly-once: {origin} {Time(start)}'s last committed result is {Stats(last)}, the reference {final}");
            }

            var previous = 0L;
            foreach (var r in list)
            {
                var prefix = r.Flights >= 1 && r.Flights <= window.Prefixes.Count ? window.Prefixes[(int)r.Flights - 1] : null;
                if (r.Flights <= previous)
                {
                    violations.Add($"exactly-once: {origin} {Time(start)}'s committed results go {previous} then {r.Flights} flights");
                }
                else if (Stats(r) != prefix)
                {
                    violations.Add($"exactly-once: {origin} {Time(start)} has the result {Stats(r)}, which no single processing emits (the aggregate of its first {r.Flights} flights is {prefix?.ToString() ?? "none"})");
                }

                previous = r.Flights;
                var airport = _loadedAirports.GetValueOrDefault(origin);
                if (r.WindowEnd.ToUnixTimeMilliseconds() != start + (long)FlightTopology.WindowSize.TotalMilliseconds || r.AirportName != airport?.Name || r.City != airport?.City || r.State != airport?.State)
                {
                    violations.Add($"{origin} {Time(start)}: result {r.ToJson()} has the wrong window end or airport");
                }
            }
        }

        var severe = Multiset(cluster.CommittedRecords(FlightTopology.SevereTopic).Select(r => FlightTopology.FlightSerde.Deserialize(r.Value, false, default)!.ToString()));
        var dead = Multiset(cluster.CommittedRecords(FlightTopology.DeadLetterTopic).Select(r => Serdes.String.Deserialize(r.Value, false, default)!));
        (long, long) Compare(string what, Dictionary<string, int> expected, Dictionary<string, int> got)
        {
            long lost = 0, twice = 0;
            foreach (var key in expected.Keys.Union(got.Keys))
            {
                var (e, g) = (expected.GetValueOrDefault(key), got.GetValueOrDefault(key));
                lost += Math.Max(0, e - g);
                twice += Math.Max(0, g - e);
                if (g < e || (exactlyOnce && g != e) || e == 0)
                {
                    violations.Add($"{what}: {key} committed {g} times, expected {e}");
                }
            }

            return (lost, twice);
        }

        var (severeLost, severeTwice) = Compare("severe-delays", Multiset(_reference.Severe.Select(f => f.ToString())), severe);
        var (deadLost, deadTwice) = Compare("dead letters", Multiset(_reference.Malformed), dead);
        losses += severeLost + deadLost;
        duplicates += severeTwice + deadTwice;

        var changelog = $"{applicationId}-{FlightTopology.StatsStore}-changelog";
        var state = SimulationChecks.LatestWindows(cluster, changelog, v => DelayStats.FromBytes(v.AsSpan(v.Length - DelayStats.SerializedSize)));

        CompareState(state, $"the changelog {changelog}", violations, exactlyOnce);
        return (losses, duplicates);
    }

    /// <summary>Compares a window state with the reference (under at-least-once only that no flight is missing).</summary>
    private void CompareState(Dictionary<(string, long), DelayStats> state, string what, List<string> violations, bool exact = true)
    {
        foreach (var ((origin, start), window) in _reference.Windows)
        {
            var got = state.GetValueOrDefault((origin, start));
            if (exact ? got != window.Final : (got?.Flights ?? 0) < window.Final.Flights)
            {
                violations.Add($"{what} holds {got?.ToString() ?? "nothing"} for {origin} {Time(start)}, the reference {window.Final}");
            }
        }

        foreach (var (origin, start) in state.Keys.Where(k => !_reference.Windows.ContainsKey(k)))
        {
            violations.Add($"{what} holds {origin} {Time(start)}, a window with no accepted input");
        }
    }

    private void Send(IProducer<byte[], byte[]> producer, Flight f, bool malformed)
    {
        var line = Line(f, malformed);
        producer.Produce(new TopicPartition(FlightTopology.FlightsTopic, Partition(f.Origin)), new Message<byte[], byte[]>
        {
            Key = Serdes.String.Serialize(f.Origin, default)!,
            Value = Serdes.String.Serialize(line, default)!,
            Timestamp = new Timestamp(f.TimestampMs, TimestampType.CreateTime),
        });
        _reference.Add(Partition(f.Origin), line);
    }

    /// <summary>The CSV line of a flight as in the data file; malformed: the delay field broken (<c>x</c> before it).</summary>
    private static string Line(Flight f, bool malformed) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{f.ScheduledDepartureUtc:yyyy-MM-ddTHH:mm},{(malformed ? "x" : "")}{f.DelayMinutes},{f.DistanceMiles},{f.Origin},{f.Destination}");

    /// <summary>The partition of an origin's records: a stable hash of the code.</summary>
    public static int Partition(string origin) => (int)((uint)origin.Aggregate(17, (h, c) => unchecked((h * 31) + c)) % FlightPartitions);

    private static DelayStats Stats(WindowResult r) => new(r.Flights, r.TotalDelay, r.MaxDelay);

    private static Dictionary<string, int> Multiset(IEnumerable<string> items)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            counts[item] = counts.GetValueOrDefault(item) + 1;
        }

        return counts;
    }

    private static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The last committed result of each (origin, window start).</summary>
    private static Dictionary<(string, long), WindowResult> LastResults(InMemoryKafkaCluster cluster)
    {
        var last = new Dictionary<(string, long), WindowResult>();
        foreach (var r in cluster.CommittedRecords(FlightTopology.StatsTopic))
        {
            var result = WindowResult.FromJson(r.Value);
            last[(result.Origin, result.WindowStart.ToUnixTimeMilliseconds())] = result;
        }

        return last;
    }

    private static List<Flight> LoadRows() =>
        FlightInput.ReadLines(DataFile("flights-sample.csv.gz")).Select(l => FlightParser.TryParse(l, out var f, out _) ? f : null).OfType<Flight>().ToList();

    /// <summary>A file of the example's data directory: copied beside the tests, or found up the tree in the sources.</summary>
    private static string DataFile(string name)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "data", name);
        if (File.Exists(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "FlightDelays", "data", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"the flight example's data file {name} is neither beside the tests nor in examples/FlightDelays/data up the tree");
    }
}

/// <summary>
/// The flight workload's reference, computed from the input in production order as Kafka Streams processes each
/// partition: the window aggregate's stream time per partition (valid flights only; malformed lines never reach it), a
/// record dropped when its window's end plus the grace is at or before it, each accepted flight added to its (origin,
/// 1-hour window); flights over 60 minutes late expected in severe-delays, malformed lines in the dead-letter topic.
/// </summary>
internal sealed class FlightReference
{
    private readonly Dictionary<int, long> _streamTime = [];

    /// <summary>Each window's aggregate after each of its accepted flights (<c>Prefixes[n - 1]</c>: after n), and its final aggregate.</summary>
    public Dictionary<(string Origin, long Start), (List<DelayStats> Prefixes, DelayStats Final)> Windows { get; } = [];

    /// <summary>The severe delays expected.</summary>
    public List<Flight> Severe { get; } = [];

    /// <summary>The malformed lines expected in the dead-letter topic.</summary>
    public List<string> Malformed { get; } = [];

    /// <summary>The window aggregate's stream time of a partition after the input so far (-1: no flight yet).</summary>
    public long StreamTime(int partition) => _streamTime.GetValueOrDefault(partition, -1);

    /// <summary>Records dropped because their window had closed.</summary>
    public int Late { get; private set; }

    /// <summary>Adds one input line sent to <paramref name="partition"/>.</summary>
    public void Add(int partition, string line)
    {
        if (!FlightParser.TryParse(line, out var flight, out _))
        {
            Malformed.Add(line);
            return;
        }

        if (flight.DelayMinutes > FlightTopology.SevereDelayMinutes)
        {
            Severe.Add(flight);
        }

        var ts = flight.TimestampMs;
        var streamTime = Math.Max(_streamTime.GetValueOrDefault(partition, -1), ts);
        _streamTime[partition] = streamTime;
        var size = (long)FlightTopology.WindowSize.TotalMilliseconds;
        var start = ts - (ts % size);
        if (start + size <= streamTime - (long)FlightTopology.Grace.TotalMilliseconds)
        {
            Late++;
            return;
        }

        var key = (flight.Origin, start);
        var (prefixes, final) = Windows.TryGetValue(key, out var w) ? w : ([], DelayStats.Empty);
        final = final.Add(flight);
        prefixes.Add(final);
        Windows[key] = (prefixes, final);
    }
}
