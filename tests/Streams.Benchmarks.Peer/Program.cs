using System.Diagnostics;
using Confluent.Kafka;
using FlightDelays;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Mock;
using Streamiz.Kafka.Net.SerDes;
using Streams.Benchmarks.Peer;

// The Streamiz.Kafka.Net side of the `peer` benchmark (tests/Streams.Benchmarks -- peer): started by the parent once per
// round, as the Streams side is, so CPU time and peak RSS are per process. Prints one PEER-RESULT line (PeerResult).
LibrdkafkaResolver.Register();
PeerSideArgs parsed;
try
{
    parsed = PeerSideArgs.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var result = parsed.Mode == "run" ? await StreamizSide.RunWithWarmupAsync(parsed) : StreamizSide.Driver(parsed);
Console.WriteLine(result.ToLine());
return 0;

/// <summary>The two modes of the Streamiz side: on the broker (run) and in Streamiz's TopologyTestDriver (driver).</summary>
internal static class StreamizSide
{
    /// <summary>The warm-up application, if asked for (<see cref="PeerWarmup"/>), then the measured one.</summary>
    public static async Task<PeerResult> RunWithWarmupAsync(PeerSideArgs a)
    {
        var warmupSeconds = await PeerWarmup.RunAsync(a, RunAsync);
        return await RunAsync(a) with { WarmupSeconds = warmupSeconds };
    }

    /// <summary>Runs the topology on the broker until --records records have been parsed, then closes it (final commit).</summary>
    public static async Task<PeerResult> RunAsync(PeerSideArgs a)
    {
        var records = a.Records;
        var probe = new ProgressProbe(records);
        var config = Config(a);
        config.ApplicationId = a["app-id"];
        config.BootstrapServers = a["bootstrap"];
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        var topology = StreamizFlightTopology.Build(a["input-topic"], a["output-topic"], a.RocksDb, a.Cache, probe);
        var stream = new KafkaStream(topology, config);
        Exception? failure = null;
        stream.StateChanged += (_, now) =>
        {
            if (now == KafkaStream.State.ERROR)
            {
                failure ??= new InvalidOperationException("The Streamiz application went to ERROR.");
                probe.Done.Set();
            }
        };

        await stream.StartAsync();
        long lastCount = -1;
        var lastChange = probe.Elapsed;
        while (!probe.Done.Wait(TimeSpan.FromMilliseconds(100)))
        {
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
        stream.Dispose();
        close.Stop();
        if (failure is not null)
        {
            throw failure;
        }

        var (first, last) = (probe.First!.Value, probe.Last!.Value);
        return new PeerResult(
            "streamiz", "run", records, (last.Wall - first.Wall).TotalSeconds, last.Cpu - first.Cpu, first.Wall.TotalSeconds,
            close.Elapsed.TotalSeconds, PeerProcess.CpuSeconds(), PeerProcess.PeakRssBytes(), 0);
    }

    /// <summary>
    /// Pipes the first --records lines of --input through Streamiz's TopologyTestDriver (synchronous mode), draining the
    /// output every 10,000 records into the final-aggregate map, and writes the map to --result-file; after a warm-up
    /// pass over the first --warmup-records lines with a driver of its own, if asked for (<see cref="PeerWarmup"/>).
    /// </summary>
    public static PeerResult Driver(PeerSideArgs a)
    {
        var input = PeerInput.Read(a["input"], a.Records);
        var warmupSeconds = PeerWarmup.Driver(a, input, (records, stateDirectory) => DriverPass(a, records, stateDirectory));
        var (seconds, cpu, outputs, finals) = DriverPass(a, input, a["state-dir"]);
        PeerContract.WriteAggregates(a["result-file"], finals);
        return new PeerResult("streamiz", "driver", input.Count, seconds, cpu, 0, 0, PeerProcess.CpuSeconds(), PeerProcess.PeakRssBytes(), outputs, warmupSeconds);
    }

    /// <summary>One driver pass over <paramref name="input"/> with a fresh driver in <paramref name="stateDirectory"/>: its wall and CPU seconds, output records and final aggregates.</summary>
    private static (double Seconds, double Cpu, long Outputs, Dictionary<string, byte[]> Finals) DriverPass(
        PeerSideArgs a, List<(string Key, string Line, long TimestampMs)> input, string stateDirectory)
    {
        var probe = new ProgressProbe(input.Count);
        var config = Config(a);
        config.ApplicationId = "peer-driver-streamiz";
        config.StateDir = stateDirectory;
        var finals = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long outputs = 0;
        var cpu0 = PeerProcess.CpuSeconds();
        var sw = Stopwatch.StartNew();
        using (var driver = new TopologyTestDriver(StreamizFlightTopology.Build(PeerInput.Topic, PeerInput.OutputTopic, a.RocksDb, a.Cache, probe), config))
        {
            var inputTopic = driver.CreateInputTopic<string, string, StringSerDes, StringSerDes>(PeerInput.Topic);
            var outputTopic = driver.CreateOutputTopic<string, byte[], StringSerDes, ByteArraySerDes>(PeerInput.OutputTopic);
            void Drain()
            {
                foreach (var r in outputTopic.ReadKeyValueList())
                {
                    finals[r.Message.Key] = r.Message.Value;
                    outputs++;
                }
            }

            for (var i = 0; i < input.Count; i++)
            {
                var (key, line, timestampMs) = input[i];
                inputTopic.PipeInput(key, line, DateTime.UnixEpoch.AddMilliseconds(timestampMs));
                if (i % 10_000 == 9_999)
                {
                    Drain();
                }
            }

            driver.Commit();
            Drain();
        }

        sw.Stop();
        return (sw.Elapsed.TotalSeconds, PeerProcess.CpuSeconds() - cpu0, outputs, finals);
    }

    /// <summary>What both modes set: one thread, commit every second, the cache size, the state directory, warnings to stderr.</summary>
    private static StreamConfig<StringSerDes, StringSerDes> Config(PeerSideArgs a) => new()
    {
        NumStreamThreads = 1,
        CommitIntervalMs = (long)PeerContract.CommitInterval.TotalMilliseconds,
        DefaultStateStoreCacheMaxBytes = a.Cache ? PeerContract.CacheBytes : 0,
        StateDir = a["state-dir"],
        Logger = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)),
    };
}
