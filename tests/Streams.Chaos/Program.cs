using System.CommandLine;
using Streams;
using Streams.Chaos;

// streams-chaos: failure testing of Streams in separate processes on an embedded broker.
//   streams-chaos run --scenario kill|scale|faults [--records N] [--guarantee at-least-once|exactly-once]
//                     [--assignment cooperative-sticky|range]
//                     [--bootstrap-servers LIST]   orchestrates a run (on an external cluster when given) and prints the report
//   streams-chaos soak [--idle-s 120] [--load-s 120] [--max-rss-mb 400]   the worker example idle, then queried: peak RSS
//   streams-chaos worker --bootstrap-servers ... --application-id ... --state-dir ...   one instance (started by run)
var bootstrap = new Option<string>("--bootstrap-servers") { Required = true, Description = "The broker." };
var appId = new Option<string>("--application-id") { Required = true, Description = "Application id shared by the workers." };
var stateDir = new Option<string>("--state-dir") { Required = true, Description = "This worker's state directory." };
var commitMs = new Option<int>("--commit-interval-ms") { DefaultValueFactory = _ => 1000, Description = "Commit interval, ms." };
var verbose = new Option<bool>("--verbose") { Description = "Log the runtime's information messages to stderr." };
var guarantee = new Option<string>("--guarantee")
{
    DefaultValueFactory = _ => "at-least-once",
    Description = "at-least-once or exactly-once (ProcessingGuarantee.ExactlyOnceV2).",
};
guarantee.AcceptOnlyFromAmong("at-least-once", "exactly-once");
var assignment = new Option<string>("--assignment")
{
    DefaultValueFactory = _ => "cooperative-sticky",
    Description = "cooperative-sticky or range (StreamsOptions.TaskAssignment).",
};
assignment.AcceptOnlyFromAmong("cooperative-sticky", "range");
var worker = new Command("worker", "Runs one instance of the chaos application until SIGTERM.") { bootstrap, appId, stateDir, commitMs, verbose, guarantee, assignment };
worker.SetAction((parse, ct) => Worker.RunAsync(
    new WorkerSettings(
        parse.GetValue(bootstrap)!, parse.GetValue(appId)!, parse.GetValue(stateDir)!, parse.GetValue(commitMs), parse.GetValue(verbose), Guarantee(parse.GetValue(guarantee)), Assignment(parse.GetValue(assignment))),
    ct));

var scenario = new Option<ChaosScenario>("--scenario") { Required = true, Description = "kill, scale or faults." };
var records = new Option<int>("--records") { DefaultValueFactory = _ => 30_000, Description = "Input records." };
var keys = new Option<int>("--keys") { DefaultValueFactory = _ => 100, Description = "Distinct keys." };
var events = new Option<int>("--events") { DefaultValueFactory = _ => 6, Description = "Kills, faults or scaling steps during production." };
var rate = new Option<int>("--rate") { DefaultValueFactory = _ => 1_000, Description = "Records produced per second." };
var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1, Description = "Chooses the victims." };
var workDir = new Option<string?>("--work-dir") { Description = "State directories and worker logs. Default: a new temp directory." };
var deadline = new Option<int>("--deadline-s") { DefaultValueFactory = _ => 600, Description = "Longest run, seconds." };
var external = new Option<string?>("--bootstrap-servers")
{
    Description = "An external Kafka cluster to run against instead of the embedded broker (topics are created with the AdminClient; kill and scale only).",
};
var run = new Command("run", "Runs a scenario with workers in child processes and checks the output.") { scenario, records, keys, events, rate, seed, workDir, deadline, guarantee, assignment, external };
run.SetAction(async (parse, ct) =>
{
    var settings = new ChaosSettings(
        parse.GetValue(scenario), parse.GetValue(records), parse.GetValue(keys), parse.GetValue(events), parse.GetValue(rate),
        parse.GetValue(workDir) ?? Directory.CreateTempSubdirectory("streams-chaos-").FullName,
        typeof(Worker).Assembly.Location, TimeSpan.FromSeconds(parse.GetValue(deadline)), parse.GetValue(seed))
    {
        Guarantee = Guarantee(parse.GetValue(guarantee)),
        CommitIntervalMs = Guarantee(parse.GetValue(guarantee)) == ProcessingGuarantee.ExactlyOnceV2 ? 100 : 1000,
        BootstrapServers = parse.GetValue(external),
        Assignment = Assignment(parse.GetValue(assignment)),
    };
    var report = await new ChaosRun(settings, Console.Out).RunAsync(ct);
    Console.Out.WriteLine(report);
    return report.GuaranteeHeld ? 0 : 1;
});

var workerDll = new Option<string?>("--worker")
{
    Description = "FlightDelays.Worker.dll to soak. Default: examples/FlightDelays.Worker's Release build in this repository.",
};
var idle = new Option<int>("--idle-s") { DefaultValueFactory = _ => 120, Description = "Seconds watched idle once healthy." };
var load = new Option<int>("--load-s") { DefaultValueFactory = _ => 120, Description = "Seconds watched under query load." };
var clients = new Option<int>("--clients") { DefaultValueFactory = _ => 4, Description = "Concurrent HTTP clients under load." };
var maxRss = new Option<int>("--max-rss-mb") { DefaultValueFactory = _ => 400, Description = "Bound on peak resident memory, MiB." };
var port = new Option<int>("--port") { DefaultValueFactory = _ => 5091, Description = "The worker's HTTP port on 127.0.0.1." };
var soak = new Command("soak", "Runs examples/FlightDelays.Worker idle, then under query load, and reports its peak resident memory.")
{
    workerDll, idle, load, clients, maxRss, port, workDir,
};
soak.SetAction(async (parse, ct) =>
{
    var settings = new SoakSettings(
        parse.GetValue(workerDll) ?? DefaultWorkerDll(),
        TimeSpan.FromSeconds(parse.GetValue(idle)),
        TimeSpan.FromSeconds(parse.GetValue(load)),
        parse.GetValue(clients),
        parse.GetValue(maxRss) * 1024L * 1024L,
        parse.GetValue(port),
        parse.GetValue(workDir) ?? Directory.CreateTempSubdirectory("streams-soak-").FullName);
    var report = await new SoakRun(settings, Console.Out).RunAsync(ct);
    Console.Out.WriteLine(report);
    return report.Held ? 0 : 1;
});

var root = new RootCommand("Failure testing of Streams in separate processes on an embedded broker.") { run, worker, soak };
return await root.Parse(args).InvokeAsync();

static ProcessingGuarantee Guarantee(string? name) => name == "exactly-once" ? ProcessingGuarantee.ExactlyOnceV2 : ProcessingGuarantee.AtLeastOnce;

static TaskAssignmentStrategy Assignment(string? name) => name == "range" ? TaskAssignmentStrategy.Range : TaskAssignmentStrategy.CooperativeSticky;

static string DefaultWorkerDll()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Streams.sln")))
        {
            return Path.Combine(dir.FullName, "examples", "FlightDelays.Worker", "bin", "Release", "net10.0", "FlightDelays.Worker.dll");
        }
    }

    throw new InvalidOperationException("Streams.sln not found above " + AppContext.BaseDirectory + "; pass --worker <FlightDelays.Worker.dll>.");
}
