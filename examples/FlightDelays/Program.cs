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
    var job = new FlightDelayJob(new FlightDelayJobSettings(
        parse.GetValue(inputOption)!.FullName,
        parse.GetValue(airportsOption)!.FullName,
        parse.GetValue(resultsOption)?.FullName,
        parse.GetValue(bootstrapOption),
        parse.GetValue(stateDirOption)!.FullName,
        parse.GetValue(appIdOption)!,
        parse.GetValue(partitionsOption),
        parse.GetValue(verboseOption)));
    var summary = await job.RunAsync(Console.Out, cancellationToken);
    return summary.ExitCode;
});
return await root.Parse(args).InvokeAsync();
