using System.CommandLine;
using FlightDelays;

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
var resultsOption = new Option<FileInfo?>("--results")
{
    Description = "Write the final value per origin and window here, one JSON object per line. A run without results keeps an existing file (and says so).",
};
var bootstrapOption = new Option<string?>("--bootstrap-servers") { Description = "Kafka bootstrap servers. Default: start an embedded broker (librdkafka's mock cluster) in this process." };
var stateDirOption = new Option<DirectoryInfo>("--state-dir")
{
    Description = "State directory (RocksDB stores, checkpoints). Default: per user and checkout, under $XDG_STATE_HOME or ~/.local/state "
        + "(the local application data folder on Windows and macOS), then streams/flight-delays/<checkout>-<hash of its path>.",
    DefaultValueFactory = _ => new DirectoryInfo(StateDirectoryDefault.Path),
};
var appIdOption = new Option<string>("--application-id") { Description = "Application id (consumer group, internal topic prefix).", DefaultValueFactory = _ => "flight-delays" };
var partitionsOption = new Option<int>("--partitions") { Description = "Partitions of the flights topic when this job creates it.", DefaultValueFactory = _ => 4 };
var startupTimeoutOption = new Option<int>("--startup-timeout")
{
    Description = "Seconds to wait for the brokers' first answer; then the job stops with one sentence and exit code 3.",
    DefaultValueFactory = _ => 15,
};
startupTimeoutOption.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int>() < 1)
    {
        r.AddError("--startup-timeout must be at least 1 second.");
    }
});
var verboseOption = new Option<bool>("--verbose") { Description = "Log the runtime's information messages and librdkafka's own log." };

var root = new RootCommand("Streams flight-delay pipeline: hourly delay statistics per origin airport, through Kafka and RocksDB.")
{
    inputOption, airportsOption, resultsOption, bootstrapOption, stateDirOption, appIdOption, partitionsOption, startupTimeoutOption, verboseOption,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var job = new FlightDelayJob(new FlightDelayJobSettings(
        parse.GetValue(inputOption)!.FullName,
        parse.GetValue(airportsOption)!.FullName,
        parse.GetValue(resultsOption)?.FullName,
        parse.GetValue(bootstrapOption),
        parse.GetValue(stateDirOption)!.FullName,
        parse.GetValue(appIdOption)!,
        parse.GetValue(partitionsOption),
        parse.GetValue(verboseOption))
    {
        StartupTimeout = TimeSpan.FromSeconds(parse.GetValue(startupTimeoutOption)),
    });
    var summary = await job.RunAsync(Console.Out, cancellationToken);
    return summary.ExitCode;
});
return await root.Parse(args).InvokeAsync();
