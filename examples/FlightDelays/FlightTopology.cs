using System.Text;
using Confluent.Kafka;
using Streams;
using Streams.Dsl;
using Streams.Processor;
using Streams.Serialization;

namespace FlightDelays;

/// <summary>
/// The flight-delay topology: parse CSV lines (malformed ones to <c>flights-dlq</c> with the reason in
/// the <c>error.reason</c> header), 1-hour tumbling windows with 10 minutes grace per origin airport,
/// aggregate flights / total / average / max delay, left-join the airports GlobalKTable and write JSON to
/// <c>airport-delay-stats</c>; flights delayed over 60 minutes also go to <c>severe-delays</c>.
/// </summary>
public static class FlightTopology
{
    public const string FlightsTopic = "flights";
    public const string AirportsTopic = "airports";
    public const string DeadLetterTopic = "flights-dlq";
    public const string StatsTopic = "airport-delay-stats";
    public const string SevereTopic = "severe-delays";
    public const string StatsStore = "delay-stats";
    public const string ReasonHeader = "error.reason";
    public const int SevereDelayMinutes = 60;

    public static readonly TimeSpan WindowSize = TimeSpan.FromHours(1);
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long closed windows stay in the store (and queryable through the worker's endpoint): one day of event time.
    /// The default (window size + grace) would make the RocksDB window store open a new segment database every 35
    /// minutes of event time, which a replay of a week in seconds pays ~290 times per task.
    /// </summary>
    public static readonly TimeSpan StatsRetention = TimeSpan.FromDays(1);

    public static ISerde<Airport?> AirportSerde { get; } = Serdes.Json(FlightJsonContext.Default.Airport);

    public static ISerde<Flight?> FlightSerde { get; } = Serdes.Json(FlightJsonContext.Default.Flight);

    public static ISerde<WindowResult?> ResultSerde { get; } = Serdes.Json(FlightJsonContext.Default.WindowResult);

    public static ISerde<DelayStats> StatsSerde { get; } = Serdes.From<DelayStats>(new StatsSerializer(), new StatsSerializer());

    /// <summary>Builds the topology; <paramref name="onMalformed"/> is called for each line sent to the dead-letter topic.</summary>
    public static Topology Build(Action? onMalformed = null)
    {
        var builder = new StreamsBuilder();
        var airports = builder.GlobalTable(AirportsTopic, Consumed.With(Serdes.String, AirportSerde));
        var parsed = builder.Stream(FlightsTopic, Consumed.With(Serdes.String, Serdes.String))
            .MapValues(line => ParsedLine.Parse(line), Named.As("parse-flight"));

        var branches = parsed.Split(Named.As("flights-"))
            .Branch((_, p) => p.Flight is null, Branched<string?, ParsedLine>.WithConsumer(
                bad => bad.Process(() => new DeadLetterProcessor(onMalformed), Named.As("dead-letter"))
                    .To(DeadLetterTopic, Produced.With(Serdes.String, Serdes.String)),
                "malformed"))
            .DefaultBranch(Branched.As("valid"));

        var flights = branches["flights-valid"].MapValues(p => p.Flight!, Named.As("flight"));

        flights.Filter((_, f) => f.DelayMinutes > SevereDelayMinutes, Named.As("severe-filter"))
            .To(SevereTopic, Produced.With(Serdes.String, Serdes.From<Flight>(FlightSerde!, FlightSerde!)));

        flights
            .GroupByKey(Grouped.With(Serdes.String, Serdes.From<Flight>(FlightSerde!, FlightSerde!)))
            .WindowedBy(TimeWindows.OfSizeAndGrace(WindowSize, Grace))
            .Aggregate(() => DelayStats.Empty, (_, f, stats) => stats.Add(f), Materialized.As(StatsStore).WithRetention(StatsRetention).WithSerdes(Serdes.String, StatsSerde))
            .ToStream(Named.As("stats-updates"))
            .LeftJoin(
                airports,
                (window, _) => window.Key,
                (stats, airport) => (Stats: stats!, Airport: airport),
                Named.As("join-airport"))
            .Map((window, joined) => (window.Key, WindowResult.Create(window.Key!, window.Window.StartMs, window.Window.EndMs, joined.Stats, joined.Airport)), Named.As("to-result"))
            .To(StatsTopic, Produced.With(Serdes.String, Serdes.From<WindowResult>(ResultSerde!, ResultSerde!)));

        return builder.Build();
    }

    /// <summary>A line with its parse outcome.</summary>
    public sealed record ParsedLine(string? Line, Flight? Flight, string? Error)
    {
        public static ParsedLine Parse(string? line) =>
            FlightParser.TryParse(line, out var flight, out var error) ? new(line, flight, null) : new(line, null, error);
    }

    /// <summary>Forwards the raw line with the parse error in a header, so the dead-letter record says why.</summary>
    private sealed class DeadLetterProcessor(Action? onMalformed) : IProcessor<string?, ParsedLine, string?, string?>
    {
        private IProcessorContext<string?, string?> _context = null!;

        public void Init(IProcessorContext<string?, string?> context) => _context = context;

        public void Process(Record<string?, ParsedLine> record)
        {
            var headers = new Headers();
            if (record.Headers is not null)
            {
                foreach (var h in record.Headers)
                {
                    headers.Add(h.Key, h.GetValueBytes());
                }
            }

            headers.Add(ReasonHeader, Encoding.UTF8.GetBytes(record.Value.Error ?? "unknown"));
            if (_context.RecordMetadata is { } source)
            {
                headers.Add("source.topic", Encoding.UTF8.GetBytes(source.Topic));
                headers.Add("source.partition", Encoding.UTF8.GetBytes(source.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                headers.Add("source.offset", Encoding.UTF8.GetBytes(source.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            onMalformed?.Invoke();
            _context.Forward(new Record<string?, string?>(record.Key, record.Value.Line, record.TimestampMs, headers));
        }
    }

    private sealed class StatsSerializer : ISerializer<DelayStats>, IDeserializer<DelayStats>
    {
        public byte[] Serialize(DelayStats data, SerializationContext context) => data.ToBytes();

        public DelayStats Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) => DelayStats.FromBytes(data);
    }
}
