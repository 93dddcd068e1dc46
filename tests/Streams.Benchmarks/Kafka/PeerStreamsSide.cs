using System.Diagnostics;
using FlightDelays;
using Streams.Benchmarks.Peer;
using Streams.Dsl;
using Streams.RocksDb;
using Streams.Serialization;
using Streams.State;
using Streams.TestDriver;

namespace Streams.Benchmarks.Kafka;

/// <summary>
/// The Streams side of the <c>peer</c> benchmark, run in a process of its own (the hidden <c>peer-side</c> command) as
/// the Streamiz side is (tests/Streams.Benchmarks.Peer), so CPU time and peak RSS are per process. The topology is
/// <see cref="PeerContract"/>'s; the modes and their measurement mirror the Streamiz side's <c>StreamizSide</c>.
/// </summary>
internal static class PeerStreamsSide
{
    /// <summary>Runs the mode the arguments name and prints the <see cref="PeerResult"/> line.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        PeerSideArgs parsed;
        try
        {
            parsed = PeerSideArgs.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        var result = parsed.Mode == "run" ? await RunOnBrokerWithWarmupAsync(parsed, cancellationToken) : Driver(parsed);
        Console.WriteLine(result.ToLine());
        return 0;
    }

    /// <summary>The peer topology in Streams' DSL.</summary>
    public static Topology Build(string inputTopic, string outputTopic, ProgressProbe probe)
    {
        var builder = new StreamsBuilder();
        builder.Stream(inputTopic, Consumed.With(Serdes.String, Serdes.String))
            .MapValues(line =>
            {
                probe.Parsed();
                return PeerContract.Parse(line);
            })
            .Filter((_, flight) => flight is not null)
            .GroupByKey(Grouped.With(Serdes.String, FlightTopology.FlightSerde))
            .WindowedBy(TimeWindows.OfSizeAndGrace(PeerContract.WindowSize, PeerContract.Grace))
            .Aggregate(
                () => DelayStats.Empty,
                (_, flight, stats) => stats.Add(flight!),
                Materialized.As(PeerContract.StoreName).WithRetention(PeerContract.Retention).WithSerdes(Serdes.String, FlightTopology.StatsSerde))
            .ToStream()
            .Map((window, stats) => ((string?)PeerContract.OutputKey(window.Key!, window.Window.StartMs), (byte[]?)stats!.ToBytes()))
            .To(outputTopic, Produced.With(Serdes.String, Serdes.ByteArray));
        return builder.Build();
    }

    private static IDslStoreSuppliers Stores(PeerSideArgs a) => a.RocksDb ? RocksDbDslStoreSuppliers.Instance : InMemoryDslStoreSuppliers.Instance;

    /// <summary>The warm-up application, if asked for (<see cref="PeerWarmup"/>), then the measured one.</summary>
    private static async Task<PeerResult> RunOnBrokerWithWarmupAsync(PeerSideArgs a, CancellationToken cancellationToken)
    {
        var warmupSeconds = await PeerWarmup.RunAsync(a, warmup => RunOnBrokerAsync(warmup, cancellationToken));
        return await RunOnBrokerAsync(a, cancellationToken) with { WarmupSeconds = warmupSeconds };
    }

    private static async Task<PeerResult> RunOnBrokerAsync(PeerSideArgs a, CancellationToken cancellationToken)
    {
        var records = a.Records;
        var probe = new ProgressProbe(records);
        var options = new StreamsOptions
        {
            ApplicationId = a["app-id"],
            BootstrapServers = a["bootstrap"],
            StateDirectory = a["state-dir"],
            NumStreamThreads = 1,
            CommitInterval = PeerContract.CommitInterval,
            StateStoreCacheMaxBytes = a.Cache ? PeerContract.CacheBytes : 0,
            DslStoreSuppliers = Stores(a),
        };
        var app = new StreamsApplication(Build(a["input-topic"], a["output-topic"], probe), options);
        Exception? failure = null;
        await app.StartAsync(cancellationToken);
        long lastCount = -1;
        var lastChange = probe.Elapsed;
        while (!probe.Done.Wait(TimeSpan.FromMilliseconds(100), cancellationToken))
        {
            if (app.State == StreamsState.Error)
            {
                failure = new InvalidOperationException("The Streams application failed.", app.Error);
                break;
            }

            var count = probe.Count;
            if (count != lastCount)
            {
                (lastCount, lastChange) = (count, probe.Elapsed);
            }
            else if (probe.Elapsed - lastChange > PeerContract.StallTimeout)
            {
                failure = new TimeoutException($"No record for {PeerContract.StallTimeout.TotalSeconds} s after {count:N0} of {records:N0}.");
                break;
            }
        }

        var close = Stopwatch.StartNew();
        await app.StopAsync(cancellationToken);
        await app.DisposeAsync();
        close.Stop();
        if (failure is not null)
        {
            throw failure;
        }

        var (first, last) = (probe.First!.Value, probe.Last!.Value);
        return new PeerResult(
            "streams", "run", records, (last.Wall - first.Wall).TotalSeconds, last.Cpu - first.Cpu, first.Wall.TotalSeconds,
            close.Elapsed.TotalSeconds, PeerProcess.CpuSeconds(), PeerProcess.PeakRssBytes(), 0);
    }

    /// <summary>
    /// Pipes the first --records lines of --input through Streams' TopologyTestDriver, draining the output every 10,000
    /// records into the final-aggregate map, and writes the map to --result-file; after a warm-up pass over the first
    /// --warmup-records lines with a driver of its own, if asked for (<see cref="PeerWarmup"/>).
    /// </summary>
    private static PeerResult Driver(PeerSideArgs a)
    {
        var input = PeerInput.Read(a["input"], a.Records);
        var warmupSeconds = PeerWarmup.Driver(a, input, (records, stateDirectory) => DriverPass(a, records, stateDirectory));
        var (seconds, cpu, outputs, finals) = DriverPass(a, input, a["state-dir"]);
        PeerContract.WriteAggregates(a["result-file"], finals);
        return new PeerResult("streams", "driver", input.Count, seconds, cpu, 0, 0, PeerProcess.CpuSeconds(), PeerProcess.PeakRssBytes(), outputs, warmupSeconds);
    }

    /// <summary>One driver pass over <paramref name="input"/> with a fresh driver in <paramref name="stateDirectory"/>: its wall and CPU seconds, output records and final aggregates.</summary>
    private static (double Seconds, double Cpu, long Outputs, Dictionary<string, byte[]> Finals) DriverPass(
        PeerSideArgs a, List<(string Key, string Line, long TimestampMs)> input, string stateDirectory)
    {
        var probe = new ProgressProbe(input.Count);
        var options = new TopologyTestDriverOptions
        {
            ApplicationId = "peer-driver-streams",
            StateDirectory = stateDirectory,
            DslStoreSuppliers = Stores(a),
            StateStoreCacheMaxBytes = a.Cache ? PeerContract.CacheBytes : 0,
        };
        var finals = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long outputs = 0;
        var cpu0 = PeerProcess.CpuSeconds();
        var sw = Stopwatch.StartNew();
        using (var driver = new TopologyTestDriver(Build(PeerInput.Topic, PeerInput.OutputTopic, probe), options))
        {
            var inputTopic = driver.CreateInputTopic(PeerInput.Topic, Serdes.String, Serdes.String);
            var outputTopic = driver.CreateOutputTopic(PeerInput.OutputTopic, Serdes.String, Serdes.ByteArray);
            void Drain()
            {
                foreach (var r in outputTopic.ReadKeyValuesToList())
                {
                    finals[r.Key!] = r.Value!;
                    outputs++;
                }
            }

            for (var i = 0; i < input.Count; i++)
            {
                var (key, line, timestampMs) = input[i];
                inputTopic.PipeInput(key, line, timestampMs);
                if (i % 10_000 == 9_999)
                {
                    Drain();
                }
            }

            Drain();
        }

        sw.Stop();
        return (sw.Elapsed.TotalSeconds, PeerProcess.CpuSeconds() - cpu0, outputs, finals);
    }
}
