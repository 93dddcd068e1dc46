using System.Diagnostics;
using System.Globalization;
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

    /// <summary>How often to commit. Default 2 seconds.</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>What a run did.</summary>
/// <param name="ExitCode">0 on success, 1 on a processing failure, 2 on bad input paths.</param>
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
    public async Task<FlightDelayJobSummary> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        if (!File.Exists(settings.InputPath) || !File.Exists(settings.AirportsPath))
        {
            await output.WriteLineAsync($"Input not found: {(File.Exists(settings.InputPath) ? settings.AirportsPath : settings.InputPath)}");
            return Failed(2, total);
        }

        var (partitions, applicationId, verbose) = (settings.Partitions, settings.ApplicationId, settings.Verbose);
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning));
        using var cluster = settings.BootstrapServers is null ? EmbeddedKafkaCluster.Start() : null;
        var servers = settings.BootstrapServers ?? cluster!.BootstrapServers;
        output.WriteLine(cluster is null ? $"Broker: {servers}" : $"Broker: embedded (librdkafka {EmbeddedKafkaCluster.LibrdkafkaVersion} mock cluster) at {servers}");

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
        var existingFlights = Replayer.EndOffsetSum(servers, FlightTopology.FlightsTopic, TimeSpan.FromSeconds(30));
        if (Replayer.EndOffsetSum(servers, FlightTopology.AirportsTopic, TimeSpan.FromSeconds(30)) == 0)
        {
            Replayer.LoadAirports(servers, airportRows);
        }

        output.WriteLine($"Airports: {airportRows.Count:N0} rows in '{FlightTopology.AirportsTopic}'. Input: {settings.InputPath}");
        output.WriteLine(topology.Describe());

        var options = new StreamsOptions
        {
            ApplicationId = applicationId,
            BootstrapServers = servers,
            StateDirectory = settings.StateDirectory,
            CommitInterval = settings.CommitInterval,
            DslStoreSuppliers = RocksDbDslStoreSuppliers.Instance,
            LoggerFactory = loggerFactory,
            Consumer = new() { FetchWaitMaxMs = 10, SessionTimeoutMs = 10_000, HeartbeatIntervalMs = 1_000 },
            Producer = new() { LingerMs = 5 },
        };
        await using var app = new StreamsApplication(topology, options);
        using var collector = new ResultsCollector(servers);
        collector.Start(partitions);
        await app.StartAsync(cancellationToken);

        var replayer = new Replayer(servers, () => app.Progress.RecordsProcessed);
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
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{total.Elapsed.TotalSeconds,6:0.0}s] {app.State,-11} replayed {replayer.Produced,10:N0}  processed {p.RecordsProcessed,10:N0} ({rate,9:N0}/s)  produced {p.RecordsProduced,10:N0}  lag {p.Lag,8:N0}"));
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
        var windows = collector.Latest.Values.OrderBy(r => r.Origin, StringComparer.Ordinal).ThenBy(r => r.WindowStart).ToList();
        if (settings.ResultsPath is { } results)
        {
            await File.WriteAllLinesAsync(results, windows.Select(w => w.ToJson()), cancellationToken);
        }

        var severe = Replayer.EndOffsetSum(servers, FlightTopology.SevereTopic, TimeSpan.FromSeconds(30));
        var dlq = Replayer.EndOffsetSum(servers, FlightTopology.DeadLetterTopic, TimeSpan.FromSeconds(30));
        var final = app.Progress;
        output.WriteLine();
        output.WriteLine("Summary");
        output.WriteLine($"  input records      {existingFlights + replayer.Produced,12:N0} ({replayer.Produced:N0} replayed now, {existingFlights:N0} already in '{FlightTopology.FlightsTopic}')");
        output.WriteLine($"  processed          {final.RecordsProcessed,12:N0} (this run)");
        output.WriteLine($"  malformed          {Interlocked.Read(ref malformed),12:N0} this run, {dlq:N0} in '{FlightTopology.DeadLetterTopic}'");
        output.WriteLine($"  windows            {windows.Count,12:N0} (origin x hour) from {collector.Read:N0} updates in '{FlightTopology.StatsTopic}'");
        output.WriteLine($"  severe delays      {severe,12:N0} in '{FlightTopology.SevereTopic}' (> {FlightTopology.SevereDelayMinutes} min)");
        output.WriteLine($"  time               {total.Elapsed.TotalSeconds,12:0.0} s");
        if (settings.ResultsPath is not null)
        {
            output.WriteLine($"  results            {settings.ResultsPath}");
        }

        return new FlightDelayJobSummary(0, existingFlights + replayer.Produced, replayer.Produced, final.RecordsProcessed, Interlocked.Read(ref malformed), windows, severe, total.Elapsed);
    }

    private static FlightDelayJobSummary Failed(int code, Stopwatch total) => new(code, 0, 0, 0, 0, [], 0, total.Elapsed);

    private static bool InputFullyCommitted(StreamsProgress progress, long expectedRecords)
    {
        var flights = progress.Partitions.Where(p => p.Partition.Topic == FlightTopology.FlightsTopic).ToList();
        return flights.Count > 0
            && flights.All(p => p.HighWatermark >= 0 && p.CommittedOffset >= p.HighWatermark)
            && flights.Sum(p => p.HighWatermark) >= expectedRecords;
    }
}
