using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FlightDelays;
using Microsoft.Extensions.Logging;
using Streams;
using Streams.EmbeddedKafka;
using Streams.RocksDb;

var dataDir = Path.Combine(AppContext.BaseDirectory, "data");
var inputOption = new Option<FileInfo>("--input")
{
    Description = "Flights CSV or CSV.GZ (date,delay,distance,origin,destination). Default: the shipped first week of 2001.",
    DefaultValueFactory = _ => new FileInfo(Path.Combine(dataDir, "flights-sample.csv.gz")),
};
var airportsOption = new Option<FileInfo>("--airports")
{
    Description = "Airports CSV (iata,name,city,state,country,latitude,longitude). Default: the shipped file.",
    DefaultValueFactory = _ => new FileInfo(Path.Combine(dataDir, "airports.csv")),
};
var resultsOption = new Option<FileInfo?>("--results") { Description = "Write the final value per origin and window here, one JSON object per line." };
var bootstrapOption = new Option<string?>("--bootstrap-servers") { Description = "Kafka bootstrap servers. Default: start an embedded broker (librdkafka's mock cluster) in this process." };
var stateDirOption = new Option<DirectoryInfo>("--state-dir")
{
    Description = "State directory (RocksDB stores, checkpoints).",
    DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Path.GetTempPath(), "streams-flight-delays")),
};
var appIdOption = new Option<string>("--application-id") { Description = "Application id (consumer group, internal topic prefix).", DefaultValueFactory = _ => "flight-delays" };
var partitionsOption = new Option<int>("--partitions") { Description = "Partitions of the flights topic when this job creates it.", DefaultValueFactory = _ => 4 };
var verboseOption = new Option<bool>("--verbose") { Description = "Log the runtime's information messages." };

var root = new RootCommand("Streams flight-delay pipeline: hourly delay statistics per origin airport, through Kafka and RocksDB.")
{
    inputOption, airportsOption, resultsOption, bootstrapOption, stateDirOption, appIdOption, partitionsOption, verboseOption,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var job = new FlightDelayJob(
        parse.GetValue(inputOption)!,
        parse.GetValue(airportsOption)!,
        parse.GetValue(resultsOption),
        parse.GetValue(bootstrapOption),
        parse.GetValue(stateDirOption)!,
        parse.GetValue(appIdOption)!,
        parse.GetValue(partitionsOption),
        parse.GetValue(verboseOption));
    return await job.RunAsync(cancellationToken);
});
return await root.Parse(args).InvokeAsync();

/// <summary>Runs the whole job: broker, topics, airports, replay, processing, progress, results, summary.</summary>
internal sealed class FlightDelayJob(
    FileInfo input, FileInfo airports, FileInfo? results, string? bootstrapServers, DirectoryInfo stateDir, string applicationId, int partitions, bool verbose)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (!input.Exists || !airports.Exists)
        {
            await Console.Error.WriteLineAsync($"Input not found: {(input.Exists ? airports.FullName : input.FullName)}");
            return 2;
        }

        var total = Stopwatch.StartNew();
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning));
        using var cluster = bootstrapServers is null ? EmbeddedKafkaCluster.Start() : null;
        var servers = bootstrapServers ?? cluster!.BootstrapServers;
        Console.WriteLine(cluster is null ? $"Broker: {servers}" : $"Broker: embedded (librdkafka {EmbeddedKafkaCluster.LibrdkafkaVersion} mock cluster) at {servers}");

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

        var airportRows = AirportsCsv.Read(airports.FullName);
        var existingFlights = Replayer.EndOffsetSum(servers, FlightTopology.FlightsTopic, TimeSpan.FromSeconds(30));
        if (Replayer.EndOffsetSum(servers, FlightTopology.AirportsTopic, TimeSpan.FromSeconds(30)) == 0)
        {
            Replayer.LoadAirports(servers, airportRows);
        }

        Console.WriteLine($"Airports: {airportRows.Count:N0} rows in '{FlightTopology.AirportsTopic}'. Input: {input.FullName}");
        Console.WriteLine(topology.Describe());

        var options = new StreamsOptions
        {
            ApplicationId = applicationId,
            BootstrapServers = servers,
            StateDirectory = stateDir.FullName,
            CommitInterval = TimeSpan.FromSeconds(2),
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
        var replay = Task.Run(() => replayer.RunAsync(FlightInput.ReadLines(input.FullName), existingFlights, cancellationToken), cancellationToken);
        using var ticker = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var lastProcessed = 0L;
        var lastTick = Stopwatch.StartNew();
        while (true)
        {
            await ticker.WaitForNextTickAsync(cancellationToken);
            if (app.State == StreamsState.Error)
            {
                await Console.Error.WriteLineAsync($"Processing failed: {app.Error?.Message}");
                return 1;
            }

            var p = app.Progress;
            var rate = (p.RecordsProcessed - lastProcessed) / lastTick.Elapsed.TotalSeconds;
            lastProcessed = p.RecordsProcessed;
            lastTick.Restart();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
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
            await Console.Error.WriteLineAsync($"Processing failed: {app.Error?.Message}");
            return 1;
        }

        await collector.DrainAsync(TimeSpan.FromSeconds(120));
        var windows = collector.Latest.Values.OrderBy(r => r.Origin, StringComparer.Ordinal).ThenBy(r => r.WindowStart).ToList();
        if (results is not null)
        {
            await File.WriteAllLinesAsync(results.FullName, windows.Select(w => w.ToJson()), cancellationToken);
        }

        var severe = Replayer.EndOffsetSum(servers, FlightTopology.SevereTopic, TimeSpan.FromSeconds(30));
        var dlq = Replayer.EndOffsetSum(servers, FlightTopology.DeadLetterTopic, TimeSpan.FromSeconds(30));
        var final = app.Progress;
        Console.WriteLine();
        Console.WriteLine("Summary");
        Console.WriteLine($"  input records      {existingFlights + replayer.Produced,12:N0} ({replayer.Produced:N0} replayed now, {existingFlights:N0} already in '{FlightTopology.FlightsTopic}')");
        Console.WriteLine($"  processed          {final.RecordsProcessed,12:N0} (this run)");
        Console.WriteLine($"  malformed          {Interlocked.Read(ref malformed),12:N0} this run, {dlq:N0} in '{FlightTopology.DeadLetterTopic}'");
        Console.WriteLine($"  windows            {windows.Count,12:N0} (origin x hour) from {collector.Read:N0} updates in '{FlightTopology.StatsTopic}'");
        Console.WriteLine($"  severe delays      {severe,12:N0} in '{FlightTopology.SevereTopic}' (> {FlightTopology.SevereDelayMinutes} min)");
        Console.WriteLine($"  time               {total.Elapsed.TotalSeconds,12:0.0} s");
        if (results is not null)
        {
            Console.WriteLine($"  results            {results.FullName}");
        }

        return 0;
    }

    private static bool InputFullyCommitted(StreamsProgress progress, long expectedRecords)
    {
        var flights = progress.Partitions.Where(p => p.Partition.Topic == FlightTopology.FlightsTopic).ToList();
        return flights.Count > 0
            && flights.All(p => p.HighWatermark >= 0 && p.CommittedOffset >= p.HighWatermark)
            && flights.Sum(p => p.HighWatermark) >= expectedRecords;
    }
}
