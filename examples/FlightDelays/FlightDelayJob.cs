using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Streams;
using Streams.EmbeddedKafka;
using Streams.RocksDb;

namespace FlightDelays;

/// <summary>What the job runs on.</summary>
/// <param name="InputPath">Flights CSV or CSV.GZ.</param>
/// <param name="AirportsPath">Airports CSV.</param>
/// <param name="ResultsPath">Where to write the final results as JSON lines, or null.</param>
/// <param name="BootstrapServers">Kafka bootstrap servers, or null to start an embedded broker.</param>
/// <param name="StateDirectory">The state directory.</param>
/// <param name="ApplicationId">The application id.</param>
/// <param name="Partitions">Partitions of the topics this job creates on an embedded broker.</param>
/// <param name="Verbose">Log the runtime's information messages.</param>
public sealed record FlightDelayJobSettings(
    string InputPath,
    string AirportsPath,
    string? ResultsPath,
    string? BootstrapServers,
    string StateDirectory,
    string ApplicationId = "flight-delays",
    int Partitions = 4,
    bool Verbose = false)
{
    /// <summary>
    /// Replay at most this many new records in this run and stop gracefully (which commits) once they are processed,
    /// for restart tests; null runs to the end of the input.
    /// </summary>
    public long? StopAfterProcessed { get; init; }

    /// <summary>
    /// How often to commit. Default 1 second. A commit flushes the record cache: every window updated since the last
    /// commit is written to RocksDB and its changelog, joined and sent, and the producer's acknowledgements are awaited,
    /// so the commit's pause grows with the windows updated in between (a replay at 150k flights/s touches ~20k hourly
    /// windows a second). At 2 s the first commits of the 3M-flight replay paused processing for a whole one-second
    /// progress tick; at 1 s no tick shows 0 records/s while input is pending (docs/performance.md, issue 15).
    /// </summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the first contact with the brokers may take before the job gives up with one sentence (exit code 3). Default 15 seconds.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>What a run did.</summary>
/// <param name="ExitCode">0 on success, 1 on a processing failure, 2 on bad input paths, 3 when no broker answers.</param>
/// <param name="InputRecords">Records in the flights topic at the end.</param>
/// <param name="Replayed">Records this run produced.</param>
/// <param name="Processed">Records this run processed.</param>
/// <param name="Malformed">Lines sent to the dead-letter topic by this run.</param>
/// <param name="Windows">Final result per origin and window, sorted by origin then window start.</param>
/// <param name="SevereDelays">Records in the severe-delays topic.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record FlightDelayJobSummary(
    int ExitCode, long InputRecords, long Replayed, long Processed, long Malformed, IReadOnlyList<WindowResult> Windows, long SevereDelays, TimeSpan Elapsed);

/// <summary>Runs the whole job: broker, topics, airports, replay, processing, progress, results, summary.</summary>
public sealed class FlightDelayJob(FlightDelayJobSettings settings)
{
    /// <summary>Exit code when no broker answers within <see cref="FlightDelayJobSettings.StartupTimeout"/>.</summary>
    public const int BrokersUnreachableExitCode = 3;

    public async Task<FlightDelayJobSummary> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        await output.WriteLineAsync($"Flight-delay job '{settings.ApplicationId}': input {settings.InputPath}, state directory {settings.StateDirectory}");
        if (!File.Exists(settings.InputPath) || !File.Exists(settings.AirportsPath))
        {
            await output.WriteLineAsync($"Input not found: {(File.Exists(settings.InputPath) ? settings.AirportsPath : settings.InputPath)}");
            return Failed(2, total);
        }

        // librdkafka's own log (connection failures are its level 3) only with --verbose: without it, Kafka trouble is told by
        // the runtime's warnings and by one sentence at the end, not by a stream of client lines.
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(settings.Verbose ? LogLevel.Information : LogLevel.Warning)
            .AddFilter(KafkaClientLog.Category, settings.Verbose ? LogLevel.Information : LogLevel.None));
        try
        {
            return await RunOnBrokerAsync(output, loggerFactory, total, cancellationToken);
        }
        catch (KafkaUnreachableException e)
        {
            await output.WriteLineAsync(e.Message);
            return Failed(BrokersUnreachableExitCode, total);
        }
    }

    private async Task<FlightDelayJobSummary> RunOnBrokerAsync(TextWriter output, ILoggerFactory loggerFactory, Stopwatch total, CancellationToken cancellationToken)
    {
        var (partitions, applicationId) = (settings.Partitions, settings.ApplicationId);
        var clientLog = loggerFactory.CreateLogger(KafkaClientLog.Category);
        using var cluster = settings.BootstrapServers is null ? EmbeddedKafkaCluster.Start() : null;
        var servers = settings.BootstrapServers ?? cluster!.BootstrapServers;
        output.WriteLine(cluster is null ? $"Broker: {servers}" : $"Broker: embedded (librdkafka {EmbeddedKafkaCluster.LibrdkafkaVersion} mock cluster) at {servers}");
        KafkaClientLog.CheckBrokers(servers, settings.StartupTimeout, clientLog);

        long malformed = 0;
        var topology = FlightTopology.Build(() => Interlocked.Increment(ref malformed));
        if (cluster is not null)
        {
            cluster.EnsureTopics(new[]
            {
                (FlightTopology.FlightsTopic, partitions), (FlightTopology.AirportsTopic, 1), (FlightTopology.DeadLetterTopic, partitions),
                (FlightTopology.StatsTopic, partitions), (FlightTopology.SevereTopic, partitions),
            }.Concat(topology.InternalTopics(applicationId).Select(t => (t, partitions))));
        }

        var airportRows = AirportsCsv.Read(settings.AirportsPath);
        var existingFlights = Replayer.EndOffsetSum(servers, FlightTopology.FlightsTopic, TimeSpan.FromSeconds(30), clientLog);
        if (Replayer.EndOffsetSum(servers, FlightTopology.AirportsTopic, TimeSpan.FromSeconds(30), clientLog) == 0)
        {
            Replayer.LoadAirports(servers, airportRows, clientLog);
        }

        output.WriteLine($"Airports: {airportRows.Count:N0} rows in '{FlightTopology.AirportsTopic}'. Input: {settings.InputPath}");
        output.WriteLine(topology.Describe());

        var options = new StreamsOptions
        {
            ApplicationId = applicationId,
            BootstrapServers = servers,
            StateDirectory = settings.StateDirectory,
            CommitInterval = settings.CommitInterval,
            StartupTimeout = settings.StartupTimeout,
            DslStoreSuppliers = RocksDbDslStoreSuppliers.Instance,
            LoggerFactory = loggerFactory,
            Consumer = new() { FetchWaitMaxMs = 10, SessionTimeoutMs = 10_000, HeartbeatIntervalMs = 1_000 },
            Producer = new() { LingerMs = 5 },
        };
        await using var app = new StreamsApplication(topology, options);
        using var collector = new ResultsCollector(servers, clientLog);
        collector.Start(partitions);
        await app.StartAsync(cancellationToken);

        var replayer = new Replayer(servers, () => app.Progress.RecordsProcessed, clientLog);
        using var replayCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var replay = Task.Run(() => replayer.RunAsync(FlightInput.ReadLines(settings.InputPath), existingFlights, settings.StopAfterProcessed ?? long.MaxValue, replayCts.Token), replayCts.Token);
        using var ticker = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var lastProcessed = 0L;
        var lastTick = Stopwatch.StartNew();
        while (true)
        {
            await ticker.WaitForNextTickAsync(cancellationToken);
            if (app.State == StreamsState.Error)
            {
                await output.WriteLineAsync($"Processing failed: {app.Error?.Message}");
                return Failed(1, total);
            }

            var p = app.Progress;
            if (settings.StopAfterProcessed is { } stopAfter && replay.IsCompletedSuccessfully && p.RecordsProcessed >= replayer.Produced)
            {
                await replayCts.CancelAsync();
                try
                {
                    await replay;
                }
                catch (OperationCanceledException)
                {
                }

                await app.StopAsync(cancellationToken);
                output.WriteLine($"Stopped after {app.Progress.RecordsProcessed:N0} records (StopAfterProcessed).");
                return new FlightDelayJobSummary(0, existingFlights + replayer.Produced, replayer.Produced, app.Progress.RecordsProcessed, Interlocked.Read(ref malformed), [], 0, total.Elapsed);
            }

            var rate = (p.RecordsProcessed - lastProcessed) / lastTick.Elapsed.TotalSeconds;
            lastProcessed = p.RecordsProcessed;
            lastTick.Restart();
            output.WriteLine(ProgressLine(total.Elapsed, app.State, replayer.Produced, p, rate));
            if (replay.IsFaulted)
            {
                await replay; // surfaces the failure
            }

            if (replay.IsCompleted && InputFullyCommitted(p, existingFlights + replayer.Produced))
            {
                break;
            }
        }

        await app.StopAsync(cancellationToken);
        if (app.State == StreamsState.Error)
        {
            await output.WriteLineAsync($"Processing failed: {app.Error?.Message}");
            return Failed(1, total);
        }

        await collector.DrainAsync(TimeSpan.FromSeconds(120));

        // Processing is over: its garbage and the heap's free space go back to the OS before the results phase allocates
        // its own (the job's peak memory was that phase's on top of the processing's high-water mark).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var windows = collector.TakeResults();
        var resultsNote = settings.ResultsPath is { } results ? await WriteResultsAsync(results, windows, cancellationToken) : null;
        var severe = Replayer.EndOffsetSum(servers, FlightTopology.SevereTopic, TimeSpan.FromSeconds(30), clientLog);
        var dlq = Replayer.EndOffsetSum(servers, FlightTopology.DeadLetterTopic, TimeSpan.FromSeconds(30), clientLog);
        var final = app.Progress;
        output.WriteLine();
        output.WriteLine("Summary");
        output.WriteLine($"  input records      {existingFlights + replayer.Produced,12:N0} ({replayer.Produced:N0} replayed now, {existingFlights:N0} already in '{FlightTopology.FlightsTopic}')");
        output.WriteLine($"  processed          {final.RecordsProcessed,12:N0} (this run)");
        output.WriteLine($"  malformed          {Interlocked.Read(ref malformed),12:N0} this run, {dlq:N0} in '{FlightTopology.DeadLetterTopic}'");
        output.WriteLine($"  windows            {windows.Count,12:N0} (origin x hour) from {collector.Read:N0} updates in '{FlightTopology.StatsTopic}'");
        output.WriteLine($"  severe delays      {severe,12:N0} in '{FlightTopology.SevereTopic}' (> {FlightTopology.SevereDelayMinutes} min)");
        output.WriteLine($"  time               {total.Elapsed.TotalSeconds,12:0.0} s");
        if (resultsNote is not null)
        {
            output.WriteLine($"  results            {resultsNote}");
        }

        return new FlightDelayJobSummary(0, existingFlights + replayer.Produced, replayer.Produced, final.RecordsProcessed, Interlocked.Read(ref malformed), windows, severe, total.Elapsed);
    }

    private static FlightDelayJobSummary Failed(int code, Stopwatch total) => new(code, 0, 0, 0, 0, [], 0, total.Elapsed);

    /// <summary>
    /// One progress line. "consumer lag" is what the consumer has not read yet (end offset minus position, summed over the
    /// input partitions, as Kafka's records-lag); "uncommitted" is what was read and handed to the tasks but is not committed
    /// yet (position minus committed offset): a restart would process those records again.
    /// </summary>
    public static string ProgressLine(TimeSpan elapsed, StreamsState state, long replayed, StreamsProgress p, double rate)
    {
        var known = p.Partitions.Where(x => x.RecordsLag >= 0).ToList();
        var lag = known.Count == 0 ? "?" : known.Sum(x => x.RecordsLag).ToString("N0", CultureInfo.InvariantCulture);
        var uncommitted = p.Partitions.Where(x => x.Position >= 0).Sum(x => Math.Max(0, x.Position - x.CommittedOffset));
        return string.Create(CultureInfo.InvariantCulture,
            $"[{elapsed.TotalSeconds,6:0.0}s] {state,-11} replayed {replayed,9:N0}  processed {p.RecordsProcessed,9:N0} ({rate,7:N0}/s)  produced {p.RecordsProduced,9:N0}  consumer lag {lag,7}  uncommitted {uncommitted,7:N0}");
    }

    /// <summary>
    /// Writes the results file, and says what happened to it: a run with no results keeps an earlier file rather than
    /// replacing it with an empty one; a run with results replaces an earlier file and says so.
    /// </summary>
    private static async Task<string> WriteResultsAsync(string path, IReadOnlyList<WindowResult> windows, CancellationToken cancellationToken)
    {
        var existed = File.Exists(path);
        if (windows.Count == 0)
        {
            return existed
                ? $"{path} kept as it was: this run has no results, and the earlier file was not replaced by an empty one"
                : $"{path} not written: this run has no results";
        }

        // One JSON line per window, written through one UTF-8 writer: no string per line (~420k lines for the 3M flights).
        var newline = Encoding.UTF8.GetBytes(Environment.NewLine);
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await using var json = new Utf8JsonWriter(file);
            foreach (var window in windows)
            {
                JsonSerializer.Serialize(json, window, FlightJsonContext.Default.WindowResult);
                await json.FlushAsync(cancellationToken);
                json.Reset();
                await file.WriteAsync(newline, cancellationToken);
            }
        }

        return existed ? $"{path} ({windows.Count:N0} windows; replaced the earlier file)" : $"{path} ({windows.Count:N0} windows)";
    }

    private static bool InputFullyCommitted(StreamsProgress progress, long expectedRecords)
    {
        var flights = progress.Partitions.Where(p => p.Partition.Topic == FlightTopology.FlightsTopic).ToList();
        return flights.Count > 0
            && flights.All(p => p.HighWatermark >= 0 && p.CommittedOffset >= p.HighWatermark)
            && flights.Sum(p => p.HighWatermark) >= expectedRecords;
    }
}
