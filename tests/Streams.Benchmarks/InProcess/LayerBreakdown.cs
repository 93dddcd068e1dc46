using System.Diagnostics;
using Confluent.Kafka;
using FlightDelays;
using Streams.Benchmarks.Support;
using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.Benchmarks.InProcess;

/// <summary>
/// Where the framework's time goes: cumulative prefixes of the flight topology, each run through the real task code
/// on the same records (round-robin, median of the rounds), so the difference between two rows is the cost of
/// the layer the second one adds. HandLoop is the first row for reference.
/// </summary>
internal sealed class LayerBreakdown(
    FlightRecords records, List<ConsumeResult<byte[], byte[]>> airportRecords, IDslStoreSuppliers suppliers, int rounds, TextWriter output, long cacheBytes, int commitEvery)
{
    private static object? s_sink;

    public void Run()
    {
        var layers = new (string Name, Func<Topology> Build)[]
        {
            ("source: task loop, UTF-8 key/value decode, 1 processor", () => Prefix(0)),
            ("+ parse (MapValues ParsedLine, filter, MapValues Flight)", () => Prefix(1)),
            ("+ windowed aggregate (window store get/put, changelog capture)", () => Prefix(2)),
            ("+ ToStream, global-table left join, Map to WindowResult", () => Prefix(3)),
            ("+ JSON sink serialization (airport-delay-stats)", () => Prefix(4)),
            ("full FlightTopology (+ Split/DLQ branch, severe filter + JSON sink)", () => FlightTopology.Build()),
        };
        var topologies = layers.Select(l => l.Build()).ToArray();
        var samples = layers.Select(_ => new List<(double Seconds, long Bytes)>()).ToArray();
        var baseline = new List<(double Seconds, long Bytes)>();
        for (var round = 0; round < rounds + 1; round++)
        {
            var b = Measure(() => s_sink = HandLoop.Run(records.Lines, out _));
            if (round > 0)
            {
                baseline.Add(b);
            }

            for (var i = 0; i < layers.Length; i++)
            {
                using var runner = new TaskRunner(topologies[i], suppliers, "bench-layers", FlightTopology.FlightsTopic, new CountingRecordCollector(), cacheBytes, commitEvery);
                if (topologies[i].Builder.GlobalStores.Count > 0)
                {
                    runner.LoadGlobal(airportRecords);
                }

                var s = Measure(() => runner.Run(records.Count, j => records.ConsumeResult(FlightTopology.FlightsTopic, j)));
                if (round > 0)
                {
                    samples[i].Add(s);
                }
            }
        }

        s_sink = null;
        output.WriteLine();
        output.WriteLine($"Layer breakdown (cumulative topology prefixes, 1 warm-up + median of {rounds} rounds each; cache {(cacheBytes > 0 ? Stats.N0(cacheBytes / 1024.0) + " KiB" : "off")}, commit every {Stats.N0(commitEvery)} records, as the rounds above):");
        output.WriteLine();
        var table = new MarkdownTable("topology", "records/s", "ns/record", "+ns/record", "B/record", "+B/record");
        var (ns, bytes) = Medians(baseline);
        table.Add("HandLoop (reference)", Stats.N0(1e9 / ns), Stats.N0(ns), string.Empty, Stats.N0(bytes), string.Empty);
        double previousNs = 0, previousBytes = 0;
        for (var i = 0; i < layers.Length; i++)
        {
            (ns, bytes) = Medians(samples[i]);
            table.Add(
                layers[i].Name,
                Stats.N0(1e9 / ns),
                Stats.N0(ns),
                i == 0 ? string.Empty : (ns - previousNs >= 0 ? "+" : string.Empty) + Stats.N0(ns - previousNs),
                Stats.N0(bytes),
                i == 0 ? string.Empty : (bytes - previousBytes >= 0 ? "+" : string.Empty) + Stats.N0(bytes - previousBytes));
            (previousNs, previousBytes) = (ns, bytes);
        }

        table.Write(output);
    }

    private (double NsPerRecord, double BytesPerRecord) Medians(List<(double Seconds, long Bytes)> samples) =>
        (Stats.Median(samples.Select(s => s.Seconds * 1e9 / records.Count).ToList()), Stats.Median(samples.Select(s => (double)s.Bytes / records.Count).ToList()));

    /// <summary>The first <paramref name="depth"/> + 1 layers of the flight topology.</summary>
    private static Topology Prefix(int depth)
    {
        var builder = new StreamsBuilder();
        var lines = builder.Stream(FlightTopology.FlightsTopic, Consumed<string?, string?>.With(Serdes.String, Serdes.String));
        if (depth == 0)
        {
            lines.Filter((_, _) => false);
            return builder.Build();
        }

        var flights = lines.MapValues(line => FlightTopology.ParsedLine.Parse(line))
            .Filter((_, p) => p.Flight is not null)
            .MapValues(p => p.Flight!);
        if (depth == 1)
        {
            flights.Filter((_, _) => false);
            return builder.Build();
        }

        var flightSerde = Serdes.From<Flight>(FlightTopology.FlightSerde!, FlightTopology.FlightSerde!);
        var stats = flights
            .GroupByKey(Grouped<string?, Flight>.With(Serdes.String, flightSerde))
            .WindowedBy(TimeWindows.OfSizeAndGrace(FlightTopology.WindowSize, FlightTopology.Grace))
            .Aggregate(() => DelayStats.Empty, (_, f, s) => s.Add(f), Materialized<string?, DelayStats>.As(FlightTopology.StatsStore).WithValueSerde(FlightTopology.StatsSerde));
        if (depth == 2)
        {
            return builder.Build();
        }

        var airports = builder.GlobalTable(FlightTopology.AirportsTopic, Consumed<string?, Airport?>.With(Serdes.String, FlightTopology.AirportSerde));
        var results = stats.ToStream()
            .LeftJoin(airports, (window, _) => window.Key, (s, airport) => (Stats: s!, Airport: airport))
            .Map((window, joined) => (window.Key, WindowResult.Create(window.Key!, window.Window.StartMs, window.Window.EndMs, joined.Stats, joined.Airport)));
        if (depth == 3)
        {
            results.Filter((_, _) => false);
            return builder.Build();
        }

        results.To(FlightTopology.StatsTopic, Produced<string?, WindowResult>.With(Serdes.String, Serdes.From<WindowResult>(FlightTopology.ResultSerde!, FlightTopology.ResultSerde!)));
        return builder.Build();
    }

    private static (double Seconds, long Bytes) Measure(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        action();
        return (sw.Elapsed.TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }
}
