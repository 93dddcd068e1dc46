using System.Diagnostics;
using System.Reflection;
using System.Text;
using Confluent.Kafka;
using FlightDelays;
using Streams.Benchmarks.Peer;
using Streams.Benchmarks.Support;
using Streams.EmbeddedKafka;

namespace Streams.Benchmarks.Kafka;

/// <summary>Settings of the <c>peer</c> command.</summary>
/// <param name="Input">Flights CSV or CSV.GZ.</param>
/// <param name="Records">Input records produced to the broker (the first lines of <paramref name="Input"/>).</param>
/// <param name="Partitions">Partitions of the input, changelog and output topics.</param>
/// <param name="Configs">Broker configurations to run, among <see cref="PeerBenchmark.AllConfigs"/>.</param>
/// <param name="Rounds">Rounds per configuration; each round runs Streams, then Streamiz.</param>
/// <param name="DriverStores">Store kinds for the test-driver rows (memory, rocksdb), or none.</param>
/// <param name="DriverRecords">Input records for the in-memory test drivers.</param>
/// <param name="DriverRocksDbRecords">Input records for the RocksDB test drivers.</param>
/// <param name="DriverCaches">Record cache settings for the test-driver rows: on, off.</param>
/// <param name="PeerDll">The Streamiz side's Streams.Benchmarks.Peer.dll, or null to build (incrementally) and use the repository's.</param>
/// <param name="WarmupRecords">
/// Records of the warm-up each side's process runs before its measured pass (<see cref="PeerWarmup"/>): a driver pass
/// over the first lines, or on the broker an application of its own over a topic holding the first flights; 0 for
/// none (cold: the measured pass includes the JIT's warm-up).
/// </param>
internal sealed record PeerSettings(
    string Input, long Records, int Partitions, IReadOnlyList<string> Configs, int Rounds,
    IReadOnlyList<string> DriverStores, long DriverRecords, long DriverRocksDbRecords, IReadOnlyList<string> DriverCaches, string? PeerDll,
    long WarmupRecords = 0);

/// <summary>
/// Streams against its .NET peer, Streamiz.Kafka.Net 1.8.2, on the same flight topology (<see cref="PeerContract"/>):
/// one embedded broker (librdkafka's mock cluster, in this process), the input produced once; then per configuration
/// (RocksDB or in-memory window store, record cache on or off) rounds of Streams then Streamiz, each a process of its
/// own (Streams: this program's hidden <c>peer-side</c> command; Streamiz: tests/Streams.Benchmarks.Peer, whose
/// Confluent.Kafka 2.15.1 cannot clash with Streams' 2.16) with a fresh application id, state directory and output
/// topic. Each run's output topic is read back into its final aggregates (last value per window key), which must equal
/// the first run's. Then the two libraries' topology test drivers on the same input lines. Prints Markdown tables.
/// </summary>
internal sealed class PeerBenchmark(PeerSettings settings, TextWriter output)
{
    /// <summary>The broker configurations: store kind and record cache.</summary>
    public static readonly string[] AllConfigs = ["rocksdb-cache", "rocksdb-nocache", "memory-cache", "memory-nocache"];

    private const string InputTopic = "peer-flights";
    private static readonly string[] s_sides = ["streams", "streamiz"];
    private static readonly TimeSpan s_sideTimeout = TimeSpan.FromMinutes(60);

    private Dictionary<string, string>? _reference;
    private string _referenceName = string.Empty;
    private int _mismatches;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var peerDll = settings.PeerDll ?? FindOrBuildPeer();
        output.WriteLine("# peer: Streams vs Streamiz.Kafka.Net 1.8.2 on the flight topology");
        output.WriteLine();
        output.WriteLine("- topology, both sides: parse the CSV line (FlightParser, the same source), drop malformed lines, group by origin airport, 1-hour tumbling windows with 10 min grace, "
            + "aggregate flights / total / max delay in a window store retaining 1 day, write each update as key ORIGIN@windowStartMs, value the 20-byte DelayStats");
        output.WriteLine($"- both sides: one stream thread, commit interval {PeerContract.CommitInterval.TotalSeconds:N0} s, record cache {PeerContract.CacheBytes / (1024 * 1024)} MiB when on (Streams: per thread; Streamiz: per store; one store), 0 when off; at-least-once; each library's default client settings");
        output.WriteLine("- each run: a process of its own (Streams: `Streams.Benchmarks peer-side`, Streamiz: Streams.Benchmarks.Peer), fresh application id, state directory, output and changelog topics");
        output.WriteLine("- rec/s: input records / wall time from the first record parsed to the last (group join and close excluded); CPU: the process's user + system time over the same span; peak RSS: the process's VmHWM at exit");
        output.WriteLine(settings.WarmupRecords > 0
            ? $"- warm-up: first {settings.WarmupRecords:N0} records (at most a row's input) in the same process before the measured pass, on both sides, not measured "
                + $"(driver: a pass with a driver and state directory of its own; broker: an application of its own, id and output topic suffixed {PeerWarmup.Suffix}, over topic {PeerWarmup.Name(InputTopic)}); "
                + "then its state directory deleted and garbage collected; peak RSS includes it"
            : "- warm-up: none (cold: the measured pass includes .NET's JIT warm-up; `--warmup-records N` to measure after one)");
        output.WriteLine($"- input: {settings.Input}");
        output.WriteLine($"- CPU: {MachineInfo.CpuModel()}; {Environment.ProcessorCount} cores; .NET {Environment.Version}; load average at start: {MachineInfo.LoadAverage()}");
        output.WriteLine($"- Streamiz side: {peerDll}");
        output.WriteLine();

        if (settings.Configs.Count > 0)
        {
            await RunBrokerConfigsAsync(peerDll, cancellationToken);
        }

        if (settings.DriverStores.Count > 0)
        {
            await RunDriversAsync(peerDll, cancellationToken);
        }

        output.WriteLine();
        output.WriteLine($"Load average at end: {MachineInfo.LoadAverage()}");
        output.WriteLine(_mismatches == 0
            ? "All runs produced the same final aggregates."
            : $"**{_mismatches} run(s) produced final aggregates different from the reference run.**");
        return _mismatches == 0 ? 0 : 1;
    }

    private async Task RunBrokerConfigsAsync(string peerDll, CancellationToken cancellationToken)
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        output.WriteLine($"## On the broker (librdkafka {EmbeddedKafkaCluster.LibrdkafkaVersion} mock cluster, 1 broker, in the parent process, at {cluster.BootstrapServers})");
        output.WriteLine();
        cluster.CreateTopic(InputTopic, settings.Partitions);
        var input = PeerInput.Read(settings.Input, settings.Records);
        var partitionOf = PackPartitions(input);
        var produce = Produce(cluster.BootstrapServers, InputTopic, input, partitionOf);
        var counts = PartitionCounts(cluster.BootstrapServers, InputTopic);
        output.WriteLine($"Produced {input.Count:N0} flights keyed by origin into {settings.Partitions} partitions (each airport in one partition, packed busiest first onto the least loaded) in {produce.TotalSeconds:N1} s; "
            + $"per partition {counts.Min():N0} to {counts.Max():N0} records (the mock broker keeps only a partition's newest 100,000 records / ~5 MiB; none was dropped).");
        var warmupRecords = (int)Math.Min(settings.WarmupRecords, input.Count);
        var warmupTopic = PeerWarmup.Name(InputTopic);
        if (warmupRecords > 0)
        {
            cluster.CreateTopic(warmupTopic, settings.Partitions);
            var warmupProduce = Produce(cluster.BootstrapServers, warmupTopic, input.GetRange(0, warmupRecords), partitionOf);
            var warmupCounts = PartitionCounts(cluster.BootstrapServers, warmupTopic);
            output.WriteLine($"Warm-up: produced the first {warmupRecords:N0} of them into {warmupTopic} (same keys, partitions and timestamps) in {warmupProduce.TotalSeconds:N1} s; "
                + $"per partition {warmupCounts.Min():N0} to {warmupCounts.Max():N0} records.");
        }

        output.WriteLine();

        var results = new Dictionary<(string Config, string Side), List<PeerResult>>();
        foreach (var config in settings.Configs)
        {
            var rocksDb = config.StartsWith("rocksdb", StringComparison.Ordinal);
            var cache = !config.EndsWith("nocache", StringComparison.Ordinal);
            for (var round = 0; round < settings.Rounds; round++)
            {
                foreach (var side in s_sides)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var appId = $"peer-{side}-{config}-r{round + 1}-{Guid.NewGuid().ToString("N")[..6]}";
                    var outputTopic = appId + "-out";
                    cluster.CreateTopic(outputTopic, settings.Partitions);
                    cluster.CreateTopic(PeerContract.ChangelogTopic(appId), settings.Partitions);
                    var stateDir = Path.Combine(Path.GetTempPath(), "streams-peer", appId);
                    List<(string, object)> sideArgs =
                    [
                        ("bootstrap", cluster.BootstrapServers), ("app-id", appId), ("input-topic", InputTopic), ("output-topic", outputTopic),
                        ("records", input.Count), ("stores", rocksDb ? "rocksdb" : "memory"), ("cache", cache ? "on" : "off"), ("state-dir", stateDir),
                    ];
                    if (warmupRecords > 0)
                    {
                        // The warm-up application's topics (PeerWarmup.RunArgs names them), created up front as the measured one's.
                        cluster.CreateTopic(PeerWarmup.Name(outputTopic), settings.Partitions);
                        cluster.CreateTopic(PeerContract.ChangelogTopic(PeerWarmup.Name(appId)), settings.Partitions);
                        sideArgs.AddRange([("warmup-records", warmupRecords), ("warmup-input-topic", warmupTopic)]);
                    }

                    PeerResult result;
                    try
                    {
                        result = await RunSideAsync(side, peerDll, PeerSideArgs.Build("run", [.. sideArgs]), cancellationToken);
                    }
                    finally
                    {
                        DeleteQuietly(stateDir);
                    }

                    var (finals, outputs) = ReadFinals(cluster.BootstrapServers, outputTopic);
                    var check = Verify($"{config} {side} round {round + 1}", finals);
                    output.WriteLine($"  {config,-15} round {round + 1} {side,-8}: {Stats.N0(result.RecordsPerSecond),7} rec/s, CPU {Stats.F(result.CpuSecondsPerMillion, 1)} s/1M, "
                        + $"peak RSS {ProcessMemory.Mib(result.PeakRssBytes)}, first record after {Stats.F(result.StartSeconds, 1)} s, close {Stats.F(result.CloseSeconds, 1)} s; "
                        + Warmup(result) + $"{outputs:N0} output records, {check}");
                    (results.TryGetValue((config, side), out var list) ? list : results[(config, side)] = []).Add(result);
                }
            }
        }

        output.WriteLine();
        var table = new MarkdownTable("config", "Streams rec/s", "Streamiz rec/s", "ratio", "Streams CPU s/1M rec", "Streamiz CPU s/1M rec", "Streams peak RSS", "Streamiz peak RSS");
        foreach (var config in settings.Configs)
        {
            AddRow(table, config.Replace("-nocache", " cache off", StringComparison.Ordinal).Replace("-cache", " cache on", StringComparison.Ordinal), results[(config, "streams")], results[(config, "streamiz")]);
        }

        output.WriteLine($"{input.Count:N0} flights, {settings.Partitions} partitions, medians of {settings.Rounds} round(s) per side; ratio = Streams / Streamiz rec/s:");
        output.WriteLine();
        table.Write(output);
        output.WriteLine();
    }

    private async Task RunDriversAsync(string peerDll, CancellationToken cancellationToken)
    {
        output.WriteLine("## Topology test drivers (Streams.TestDriver vs Streamiz's TopologyTestDriver, synchronous mode), in process, no broker");
        output.WriteLine();
        output.WriteLine("Same input lines (key origin, timestamp the scheduled departure); with the cache on, Streams' driver still flushes it after every record (as Kafka's), "
            + "Streamiz's only on Commit (so it writes one record per window, not per input record); rec/s: piping all records and draining the output every 10,000 records. "
            + "Final aggregates compared between the two drivers.");
        output.WriteLine();
        var table = new MarkdownTable("driver", "records", "Streams rec/s", "Streamiz rec/s", "ratio", "Streams CPU s/1M rec", "Streamiz CPU s/1M rec", "Streams peak RSS", "Streamiz peak RSS");
        foreach (var (stores, cache) in settings.DriverStores.SelectMany(s => settings.DriverCaches.Select(c => (s, c))))
        {
            var records = stores == "rocksdb" ? settings.DriverRocksDbRecords : settings.DriverRecords;
            var runs = new Dictionary<string, List<PeerResult>> { ["streams"] = [], ["streamiz"] = [] };
            Dictionary<string, string>? driverReference = null;
            for (var round = 0; round < settings.Rounds; round++)
            {
                foreach (var side in s_sides)
                {
                    var stateDir = Path.Combine(Path.GetTempPath(), "streams-peer", $"driver-{side}-{Guid.NewGuid().ToString("N")[..6]}");
                    var resultFile = stateDir + ".tsv";
                    PeerResult result;
                    Dictionary<string, string> finals;
                    List<(string, object)> sideArgs = [("input", settings.Input), ("records", records), ("stores", stores), ("cache", cache), ("state-dir", stateDir), ("result-file", resultFile)];
                    if (settings.WarmupRecords > 0)
                    {
                        sideArgs.Add(("warmup-records", Math.Min(settings.WarmupRecords, records)));
                    }

                    try
                    {
                        result = await RunSideAsync(side, peerDll, PeerSideArgs.Build("driver", [.. sideArgs]), cancellationToken);
                        finals = PeerContract.ReadAggregates(resultFile);
                    }
                    finally
                    {
                        DeleteQuietly(stateDir);
                        File.Delete(resultFile);
                    }

                    driverReference ??= finals;
                    var mismatches = Mismatches(driverReference, finals);
                    _mismatches += mismatches == 0 ? 0 : 1;
                    output.WriteLine($"  driver {stores,-7} cache {cache,-3} round {round + 1} {side,-8}: {Stats.N0(result.RecordsPerSecond),7} rec/s, CPU {Stats.F(result.CpuSecondsPerMillion, 1)} s/1M, "
                        + $"peak RSS {ProcessMemory.Mib(result.PeakRssBytes)}; " + Warmup(result) + $"{result.OutputRecords:N0} output records, {finals.Count:N0} windows, "
                        + (mismatches == 0 ? "same final aggregates as the first driver run" : $"**{mismatches:N0} windows differ from the first driver run**"));
                    runs[side].Add(result);
                }
            }

            AddRow(table, $"{stores} cache {cache}", runs["streams"], runs["streamiz"], Stats.N0(records));
        }

        output.WriteLine();
        table.Write(output);
    }

    /// <summary>The warm-up's time in a run's line, or nothing without one.</summary>
    private static string Warmup(PeerResult result) => result.WarmupSeconds > 0 ? $"warm-up {Stats.F(result.WarmupSeconds, 1)} s (not measured), " : string.Empty;

    private static void AddRow(MarkdownTable table, string label, List<PeerResult> streams, List<PeerResult> streamiz, string? records = null)
    {
        double Median(List<PeerResult> runs, Func<PeerResult, double> f) => Stats.Median(runs.Select(f).ToList());
        var (rateS, rateZ) = (Median(streams, r => r.RecordsPerSecond), Median(streamiz, r => r.RecordsPerSecond));
        string[] cells =
        [
            Stats.N0(rateS), Stats.N0(rateZ), Stats.F(rateS / rateZ, 2),
            Stats.F(Median(streams, r => r.CpuSecondsPerMillion), 1), Stats.F(Median(streamiz, r => r.CpuSecondsPerMillion), 1),
            ProcessMemory.Mib((long)Median(streams, r => r.PeakRssBytes)), ProcessMemory.Mib((long)Median(streamiz, r => r.PeakRssBytes)),
        ];
        table.Add(records is null ? [label, .. cells] : [label, records, .. cells]);
    }

    /// <summary>Compares a run's final aggregates with the reference (the first run); counts a run that differs.</summary>
    private string Verify(string name, Dictionary<string, string> finals)
    {
        if (_reference is null)
        {
            (_reference, _referenceName) = (finals, name);
            var flights = finals.Values.Sum(v => DelayStats.FromBytes(Convert.FromHexString(v)).Flights);
            return $"{finals.Count:N0} windows holding {flights:N0} flights (the reference)";
        }

        var mismatches = Mismatches(_reference, finals);
        if (mismatches == 0)
        {
            return $"{finals.Count:N0} windows, same final aggregates as {_referenceName}";
        }

        _mismatches++;
        return $"**{mismatches:N0} of {Math.Max(finals.Count, _reference.Count):N0} windows differ from {_referenceName}**";
    }

    /// <summary>Window keys whose final value differs, or that only one side has.</summary>
    private static int Mismatches(Dictionary<string, string> expected, Dictionary<string, string> actual) =>
        expected.Count(kv => !actual.TryGetValue(kv.Key, out var v) || v != kv.Value) + actual.Keys.Count(k => !expected.ContainsKey(k));

    private async Task<PeerResult> RunSideAsync(string side, string peerDll, IReadOnlyList<string> sideArgs, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (side == "streams")
        {
            var self = Environment.ProcessPath!;
            start.FileName = self;
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
            }

            start.ArgumentList.Add("peer-side");
        }
        else
        {
            start.FileName = "dotnet";
            start.ArgumentList.Add(peerDll);
        }

        foreach (var arg in sideArgs)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_sideTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The {side} side did not finish within {s_sideTimeout.TotalMinutes:N0} min: {string.Join(' ', sideArgs)}");
        }

        var (outText, errText) = (await stdout, await stderr);
        var result = PeerResult.FromOutput(outText);
        if (process.ExitCode != 0 || result is null)
        {
            var tail = string.Join('\n', (outText + "\n" + errText).Split('\n').TakeLast(40));
            throw new InvalidOperationException($"The {side} side exited with {process.ExitCode} ({string.Join(' ', sideArgs)}):\n{tail}");
        }

        return result;
    }

    /// <summary>Reads an output topic from the start to its end offsets: the last value per key (hex) and the record count.</summary>
    private (Dictionary<string, string> Finals, long Records) ReadFinals(string bootstrapServers, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "peer-inspector", EnableAutoCommit = false }).Build();
        var ends = new Dictionary<int, long>();
        var assignment = new List<TopicPartitionOffset>();
        for (var p = 0; p < settings.Partitions; p++)
        {
            var w = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10));
            if (w.Low.Value > 0)
            {
                throw new InvalidOperationException($"{topic} [{p}] starts at offset {w.Low.Value}: the mock broker dropped records (over its per-partition limit); use fewer --records or more --partitions.");
            }

            if (w.High.Value > 0)
            {
                ends[p] = w.High.Value;
                assignment.Add(new TopicPartitionOffset(topic, p, Offset.Beginning));
            }
        }

        var finals = new Dictionary<string, string>(StringComparer.Ordinal);
        long records = 0;
        consumer.Assign(assignment);
        var deadline = Stopwatch.StartNew();
        while (ends.Count > 0)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"Reading {topic} did not reach its end offsets.");
            }

            var r = consumer.Consume(TimeSpan.FromSeconds(1));
            if (r is null)
            {
                continue;
            }

            finals[Encoding.UTF8.GetString(r.Message.Key)] = Convert.ToHexString(r.Message.Value);
            records++;
            if (r.Offset.Value + 1 >= ends.GetValueOrDefault(r.Partition.Value, long.MaxValue))
            {
                ends.Remove(r.Partition.Value);
            }
        }

        return (finals, records);
    }

    /// <summary>
    /// Each origin airport's partition, airports packed greedily (busiest first, onto the least loaded partition).
    /// Hashing the key (murmur2) put 128,031 of the first 800,000 flights into one of 16 partitions, over the mock
    /// broker's 100,000-record retention; packed, the partitions hold about the same.
    /// </summary>
    private Dictionary<string, int> PackPartitions(List<(string Key, string Line, long TimestampMs)> input)
    {
        var loads = new long[settings.Partitions];
        var partitionOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (origin, count) in input.CountBy(r => r.Key).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            var least = Array.IndexOf(loads, loads.Min());
            partitionOf[origin] = least;
            loads[least] += count;
        }

        return partitionOf;
    }

    /// <summary>Produces <paramref name="input"/> to <paramref name="topic"/>, each origin airport to its partition in <paramref name="partitionOf"/>.</summary>
    private static TimeSpan Produce(string bootstrapServers, string topic, List<(string Key, string Line, long TimestampMs)> input, Dictionary<string, int> partitionOf)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 5 };
        using var producer = new ProducerBuilder<string, string>(config).Build();
        var sw = Stopwatch.StartNew();
        Exception? failure = null;
        foreach (var (key, line, timestampMs) in input)
        {
            var message = new Message<string, string> { Key = key, Value = line, Timestamp = new Timestamp(timestampMs, TimestampType.CreateTime) };
            var partition = new TopicPartition(topic, partitionOf[key]);
            while (true)
            {
                try
                {
                    producer.Produce(partition, message, r => failure ??= r.Error.IsError ? new KafkaException(r.Error) : null);
                    break;
                }
                catch (ProduceException<string, string> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }

        while (producer.Flush(TimeSpan.FromSeconds(1)) > 0)
        {
        }

        return failure is null ? sw.Elapsed : throw new InvalidOperationException("Producing the input failed.", failure);
    }

    /// <summary>Records per partition of a topic; fails when the broker dropped any (low watermark above 0).</summary>
    private List<long> PartitionCounts(string bootstrapServers, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "peer-inspector" }).Build();
        var counts = new List<long>();
        for (var p = 0; p < settings.Partitions; p++)
        {
            var w = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10));
            if (w.Low.Value > 0)
            {
                throw new InvalidOperationException($"{topic} [{p}] holds {w.High.Value:N0} records but starts at {w.Low.Value:N0}: the mock broker dropped the oldest "
                    + "(it keeps a partition's newest 100,000 records / ~5 MiB); use fewer --records or more --partitions.");
            }

            counts.Add(w.High.Value);
        }

        return counts;
    }

    /// <summary>tests/Streams.Benchmarks.Peer's Release build, brought up to date first (the two projects share no reference, so building this one does not build that one).</summary>
    private string FindOrBuildPeer()
    {
        var project = RepoPaths.PeerProject;
        if (!File.Exists(project))
        {
            throw new FileNotFoundException("tests/Streams.Benchmarks.Peer not found; pass --peer-dll.", project);
        }

        var dll = Path.Combine(Path.GetDirectoryName(project)!, "bin", "Release", "net10.0", "Streams.Benchmarks.Peer.dll");
        output.WriteLine($"Building {project} (Release) ...");
        using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", project, "-c", "Release", "--nologo", "-v", "q"]) { RedirectStandardOutput = true });
        var log = build!.StandardOutput.ReadToEnd();
        build.WaitForExit();
        if (build.ExitCode != 0 || !File.Exists(dll))
        {
            throw new InvalidOperationException($"Building {project} failed (exit {build.ExitCode}):\n{log}");
        }

        return dll;
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
