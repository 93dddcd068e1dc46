using System.CommandLine;
using BenchmarkDotNet.Running;
using Streams.Benchmarks.Driver;
using Streams.Benchmarks.InProcess;
using Streams.Benchmarks.Kafka;
using Streams.Benchmarks.RocksDb;
using Streams.Benchmarks.Support;

// Benchmarks of the Streams library, each judged by a ratio measured in the same run (see docs/performance.md).
// Run in Release: dotnet run -c Release --project tests/Streams.Benchmarks -- <command> [options]
var inputOption = new Option<string>("--input")
{
    Description = "Flights CSV or CSV.GZ. Default: the shipped sample examples/FlightDelays/data/flights-sample.csv.gz (113,493 rows); " +
        "the full 3M-row file is ../shared/data/flights-3m.csv.gz when present.",
    DefaultValueFactory = _ => RepoPaths.SampleFlights,
};
var airportsOption = new Option<string>("--airports")
{
    Description = "Airports CSV for the global table. Default: examples/FlightDelays/data/airports.csv.",
    DefaultValueFactory = _ => RepoPaths.SampleAirports,
};
var storesOption = new Option<string>("--stores")
{
    Description = "Store kind of the DSL stores: memory or rocksdb.",
    DefaultValueFactory = _ => "memory",
};
storesOption.AcceptOnlyFromAmong("memory", "rocksdb");
var sideOption = new Option<string>("--side")
{
    Description = "Run both sides (the ratio), or only one to measure its peak memory in a process of its own.",
    DefaultValueFactory = _ => "both",
};
sideOption.AcceptOnlyFromAmong("both", "baseline", "framework");
var roundsOption = new Option<int>("--rounds") { Description = "Measured rounds per side.", DefaultValueFactory = _ => 5 };
var warmupOption = new Option<int>("--warmup")
{
    Description = "Warm-up rounds per side (not counted). Tiered JIT needs a few hundred thousand records to reach steady state on a busy 2-core machine.",
    DefaultValueFactory = _ => 3,
};
var profileOption = new Option<bool>("--alloc-profile") { Description = "After the rounds, sample the framework's allocations by type (one extra run)." };
var breakdownOption = new Option<bool>("--breakdown") { Description = "After the rounds, time cumulative prefixes of the topology to show which layer costs what." };
var cacheOption = new Option<long>("--cache-bytes")
{
    Description = "Record cache bytes for the framework's task (StreamsOptions.StateStoreCacheMaxBytes); 0 turns caching off.",
    DefaultValueFactory = _ => 10 * 1024 * 1024,
};
var commitEveryOption = new Option<int>("--commit-every")
{
    Description = "Commit (flush stores and caches downstream) every N records, standing in for the commit interval.",
    DefaultValueFactory = _ => 10_000,
};
var noValidateOption = new Option<bool>("--no-validate") { Description = "Skip checking the topology's final windows against HandLoop in the warm-up round." };

var inprocess = new Command("inprocess", "The flight-delay topology's real task code in process vs the hand-written HandLoop: records/s, ratio, allocated bytes/record.")
{
    inputOption, airportsOption, storesOption, sideOption, roundsOption, warmupOption, profileOption, breakdownOption, noValidateOption, cacheOption, commitEveryOption,
};
inprocess.SetAction(parse =>
{
    var input = parse.GetValue(inputOption)!;
    var airports = parse.GetValue(airportsOption)!;
    if (!File.Exists(input) || !File.Exists(airports))
    {
        Console.Error.WriteLine($"Input not found: {(File.Exists(input) ? airports : input)}");
        return 2;
    }

    var settings = new InProcessSettings(
        input, airports, parse.GetValue(storesOption)!, Math.Max(1, parse.GetValue(roundsOption)), Math.Max(0, parse.GetValue(warmupOption)),
        parse.GetValue(sideOption)!, parse.GetValue(profileOption), !parse.GetValue(noValidateOption), parse.GetValue(breakdownOption),
        Math.Max(0, parse.GetValue(cacheOption)), Math.Max(1, parse.GetValue(commitEveryOption)));
    return new InProcessBenchmark(settings, Console.Out).Run();
});

var messagesOption = new Option<int>("--messages")
{
    Description = "Messages to copy, at most 100,000 (the mock broker keeps only the newest 100,000 messages / 5 MiB per partition).",
    DefaultValueFactory = _ => 100_000,
};
messagesOption.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int>() is < 1 or > 100_000)
    {
        r.AddError("--messages must be between 1 and 100,000.");
    }
});
var valueBytesOption = new Option<int>("--value-bytes") { Description = "Size of each value in bytes (12 to 1000).", DefaultValueFactory = _ => 60 };
var kafkaRoundsOption = new Option<int>("--rounds") { Description = "Measured rounds per side.", DefaultValueFactory = _ => 5 };
var kafkaWarmupOption = new Option<int>("--warmup") { Description = "Warm-up rounds per side (not counted).", DefaultValueFactory = _ => 1 };
var kafka = new Command("kafka", "Kafka path on an in-process mock broker: plain Confluent.Kafka consume-produce loop vs StreamsApplication Stream().To(): msgs/s and ratio.")
{
    messagesOption, valueBytesOption, kafkaRoundsOption, kafkaWarmupOption,
};
kafka.SetAction(async (parse, cancellationToken) =>
{
    var settings = new KafkaSettings(
        parse.GetValue(messagesOption), Math.Clamp(parse.GetValue(valueBytesOption), 12, 1000), 4,
        Math.Max(1, parse.GetValue(kafkaRoundsOption)), Math.Max(0, parse.GetValue(kafkaWarmupOption)));
    return await new KafkaBenchmark(settings, Console.Out).RunAsync(cancellationToken);
});

var bdn = new Command("bdn", "BenchmarkDotNet micro-benchmarks (ShortRun, in process); remaining arguments go to BenchmarkDotNet, e.g. --filter '*' or --list flat.")
{
    TreatUnmatchedTokensAsErrors = false,
};
bdn.SetAction(parse =>
{
    var summaries = BenchmarkSwitcher.FromAssembly(typeof(RepoPaths).Assembly).Run([.. parse.UnmatchedTokens]);
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
});

var restoreRecordsOption = new Option<int>("--records")
{
    Description = "Changelog records, at most 100,000 (the mock broker keeps only the newest 100,000 messages / 5 MiB per partition).",
    DefaultValueFactory = _ => 100_000,
};
var restoreKeysOption = new Option<int>("--keys") { Description = "Distinct keys in the changelog.", DefaultValueFactory = _ => 50_000 };
var restoreValueOption = new Option<int>("--value-size") { Description = "Value bytes (plus the 8-byte timestamp of the store format).", DefaultValueFactory = _ => 32 };
var restoreStoresOption = new Option<string>("--stores") { Description = "Store restored into: memory or rocksdb.", DefaultValueFactory = _ => "rocksdb" };
restoreStoresOption.AcceptOnlyFromAmong("memory", "rocksdb");
var restoreRoundsOption = new Option<int>("--rounds") { Description = "Measured rounds per side, alternating.", DefaultValueFactory = _ => 9 };
var restoreWarmupOption = new Option<int>("--warmup") { Description = "Warm-up rounds per side.", DefaultValueFactory = _ => 2 };
var restoreBreakdownOption = new Option<bool>("--breakdown") { Description = "Also time the store side alone: the retained records, read into memory once, written into a fresh store in the restorer's batches." };
var restore = new Command("restore", "Restoring a store from its changelog (ChangelogRestorer) vs a plain consumer reading the same partition: records/s and ratio (target >= 0.8).")
{
    restoreRecordsOption, restoreKeysOption, restoreValueOption, restoreStoresOption, restoreRoundsOption, restoreWarmupOption, restoreBreakdownOption,
};
restore.SetAction((parse, cancellationToken) => Task.FromResult(new RestoreBenchmark(
    new RestoreSettings(
        Math.Clamp(parse.GetValue(restoreRecordsOption), 1, 100_000), Math.Max(1, parse.GetValue(restoreKeysOption)), Math.Max(1, parse.GetValue(restoreValueOption)),
        parse.GetValue(restoreStoresOption)!, Math.Max(1, parse.GetValue(restoreRoundsOption)), Math.Max(0, parse.GetValue(restoreWarmupOption)), parse.GetValue(restoreBreakdownOption)),
    Console.Out).Run(cancellationToken)));

var scenarioOption = new Option<string>("--scenario")
{
    Description = "raw: the RocksDB package's own API (RocksDbSharp) vs the binding vs the bytes store, in one process (ops/s, ratios). memory: many stores under one budget, peak RSS and RocksDB's accounting; run it in a process of its own. "
        + "segments: the segmented window store vs the previous key-by-key layout (put/fetch throughput, time to expire --num records), "
        + "then segment churn (a segment's create + drop as a database vs as a column family vs as a key prefix; an event-time replay creating a segment every 600 puts).",
    DefaultValueFactory = _ => "raw",
};
scenarioOption.AcceptOnlyFromAmong("raw", "memory", "segments");
var numOption = new Option<long>("--num") { Description = "raw: operations per phase (as db_bench's --num and --reads). segments: windowed records loaded, then expired.", DefaultValueFactory = _ => 1_000_000 };
var valueSizeOption = new Option<int>("--value-size") { Description = "Value size in bytes (keys are 16 bytes).", DefaultValueFactory = _ => 100 };
var seekNextsOption = new Option<int>("--seek-nexts") { Description = "raw: entries read after each seek (as db_bench's --seek_nexts).", DefaultValueFactory = _ => 10 };
var rocksRoundsOption = new Option<int>("--rounds") { Description = "raw, segments: rounds per side, alternating.", DefaultValueFactory = _ => 3 };
var dirOption = new Option<string>("--dir")
{
    Description = "Parent directory of the databases (deleted afterwards). Default: the system temp directory.",
    DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "streams-rocksdb-bench"),
};
var storesCountOption = new Option<int>("--stores") { Description = "memory: stores (one per task) sharing the budget.", DefaultValueFactory = _ => 16 };
var keysOption = new Option<long>("--keys") { Description = "memory: keys spread over the stores.", DefaultValueFactory = _ => 1_000_000 };
var budgetOption = new Option<long>("--budget-mib") { Description = "memory: RocksDbOptions.MemoryBudgetBytes in MiB.", DefaultValueFactory = _ => 64 };
var rocksdb = new Command("rocksdb", "RocksDB stores: raw put/get/seek through the binding and the bytes store vs the RocksDB package's own API (ratios), or --scenario memory: peak RSS of many stores under one budget.")
{
    scenarioOption, numOption, valueSizeOption, seekNextsOption, rocksRoundsOption, dirOption, storesCountOption, keysOption, budgetOption,
};
rocksdb.SetAction(parse =>
{
    var settings = new RocksDbBenchSettings(
        parse.GetValue(scenarioOption)!, Math.Max(1000, parse.GetValue(numOption)), Math.Clamp(parse.GetValue(valueSizeOption), 1, 1 << 20),
        Math.Max(0, parse.GetValue(seekNextsOption)), Math.Max(1, parse.GetValue(rocksRoundsOption)), parse.GetValue(dirOption)!,
        Math.Max(1, parse.GetValue(storesCountOption)), Math.Max(1, parse.GetValue(keysOption)), Math.Max(1, parse.GetValue(budgetOption)));
    return new RocksDbBenchmark(settings, Console.Out).Run();
});

var assignPartitionsOption = new Option<int>("--partitions") { Description = "Partitions of every topic: tasks per sub-topology (2 sub-topologies).", DefaultValueFactory = _ => 6 };
var assignRateOption = new Option<int>("--rate") { Description = "Input records per second during the whole run, spread over the source topics; 0 for none.", DefaultValueFactory = _ => 200 };
var assignSettleOption = new Option<int>("--settle-ms")
{
    Description = "How long the task ownership must stay unchanged to count as stable, in ms (above session.timeout.ms - 1 s = 5 s, the mock's rebalance delay).",
    DefaultValueFactory = _ => 6_000,
};
var assignment = new Command("assignment", "Tasks moved, balance and time to stable when members come and go (1, 2, 3, 2, 1): classic cooperative-sticky, classic range and the KIP-848 consumer protocol in the same run, on an in-process mock broker.")
{
    assignPartitionsOption, assignRateOption, assignSettleOption,
};
assignment.SetAction(async (parse, cancellationToken) => await new AssignmentBenchmark(
    new AssignmentSettings(Math.Clamp(parse.GetValue(assignPartitionsOption), 1, 64), Math.Max(0, parse.GetValue(assignRateOption)), TimeSpan.FromMilliseconds(Math.Max(0, parse.GetValue(assignSettleOption)))),
    Console.Out).RunAsync(cancellationToken));

var driverRecordsOption = new Option<int>("--records") { Description = "Records piped per round.", DefaultValueFactory = _ => 2_000 };
var driverKeysOption = new Option<int>("--keys") { Description = "Distinct keys.", DefaultValueFactory = _ => 100 };
var driverRoundsOption = new Option<int>("--rounds") { Description = "Measured rounds per side, alternating.", DefaultValueFactory = _ => 5 };
var driverWarmupOption = new Option<int>("--warmup") { Description = "Warm-up rounds per side.", DefaultValueFactory = _ => 1 };
var driverStepOption = new Option<long>("--step-ms")
{
    Description = "Event time between records, ms. The default keeps the window store in one segment; a large step (1000) makes event time race and opens a RocksDB segment database every ~60 records.",
    DefaultValueFactory = _ => 10,
};
var driverStoresOption = new Option<string>("--stores")
{
    Description = "both (alternating, the ratio), or one side only: RocksDB's background work slows the in-memory rounds that follow its rounds.",
    DefaultValueFactory = _ => "both",
};
driverStoresOption.AcceptOnlyFromAmong("both", "memory", "rocksdb");
var driverCommand = new Command("driver", "TopologyTestDriver with RocksDB stores vs in-memory stores (it commits after every record): records/s and ratio.")
{
    driverRecordsOption, driverKeysOption, driverRoundsOption, driverWarmupOption, driverStepOption, driverStoresOption,
};
driverCommand.SetAction(parse => new DriverBenchmark(
    new DriverSettings(Math.Max(1, parse.GetValue(driverRecordsOption)), Math.Max(1, parse.GetValue(driverKeysOption)), Math.Max(1, parse.GetValue(driverRoundsOption)), Math.Max(0, parse.GetValue(driverWarmupOption)), Math.Max(0, parse.GetValue(driverStepOption)), parse.GetValue(driverStoresOption)!),
    Console.Out).Run());


var peerInputOption = new Option<string>("--input")
{
    Description = "Flights CSV or CSV.GZ. Default: ../shared/data/flights-3m.csv.gz when present, else the shipped sample (113,493 rows).",
    DefaultValueFactory = _ => RepoPaths.SharedFlights ?? RepoPaths.SampleFlights,
};
var peerRecordsOption = new Option<long>("--records")
{
    Description = "Flights produced to the broker (the input's first lines), airports packed onto the partitions so 800,000 in 16 hold ~50,000 each: "
        + "the mock broker keeps only a partition's newest 100,000 records / ~5 MiB, and the command fails when it dropped any.",
    DefaultValueFactory = _ => 800_000,
};
var peerPartitionsOption = new Option<int>("--partitions") { Description = "Partitions of the input, changelog and output topics.", DefaultValueFactory = _ => 16 };
var peerConfigsOption = new Option<string>("--configs")
{
    Description = "Comma-separated broker configurations among " + string.Join(", ", PeerBenchmark.AllConfigs) + "; or none.",
    DefaultValueFactory = _ => string.Join(',', PeerBenchmark.AllConfigs),
};
peerConfigsOption.Validators.Add(r =>
{
    var bad = (r.GetValueOrDefault<string>() ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(c => c != "none" && !PeerBenchmark.AllConfigs.Contains(c)).ToList();
    if (bad.Count > 0)
    {
        r.AddError($"--configs: unknown {string.Join(", ", bad)}; expected {string.Join(", ", PeerBenchmark.AllConfigs)} or none.");
    }
});
var peerRoundsOption = new Option<int>("--rounds") { Description = "Rounds per configuration and driver; each runs Streams, then Streamiz.", DefaultValueFactory = _ => 2 };
var peerDriversOption = new Option<string>("--drivers") { Description = "Test-driver rows: comma-separated memory, rocksdb; or none.", DefaultValueFactory = _ => "memory,rocksdb" };
var peerDriverRecordsOption = new Option<long>("--driver-records") { Description = "Input records for the in-memory test drivers.", DefaultValueFactory = _ => 113_493 };
var peerDriverRocksOption = new Option<long>("--driver-rocksdb-records") { Description = "Input records for the RocksDB test drivers.", DefaultValueFactory = _ => 20_000 };
var peerDriverCacheOption = new Option<string>("--driver-cache") { Description = "Record cache in the test-driver rows: on, off or on,off.", DefaultValueFactory = _ => "on" };
var peerWarmupOption = new Option<long>("--warmup-records")
{
    Description = "Warm-up before each side's measured pass, in the same process, identical on both sides and not measured: a driver pass over the first N input lines, "
        + "or on the broker an application of its own over a topic holding the first N flights (same partitions as the input, and the mock broker keeps ~100,000 records / ~5 MiB per partition: keep N modest, e.g. 100000; 20000 warmed the in-memory driver pass only partly: .NET's tier-1 JIT comes in after a delay). "
        + "0 (default): none, cold figures that include the JIT's warm-up.",
    DefaultValueFactory = _ => 0,
};
var peerDllOption = new Option<string?>("--peer-dll") { Description = "The Streamiz side's Streams.Benchmarks.Peer.dll. Default: tests/Streams.Benchmarks.Peer's Release build, built (incrementally) first." };
var peer = new Command("peer", "Streams vs Streamiz.Kafka.Net 1.8.2 on the flight topology: each side in its own process, on one mock broker (RocksDB / in-memory stores, cache on / off) and in the two test drivers; rec/s, CPU per record, peak RSS, ratios; final aggregates verified equal.")
{
    peerInputOption, peerRecordsOption, peerPartitionsOption, peerConfigsOption, peerRoundsOption, peerDriversOption, peerDriverRecordsOption, peerDriverRocksOption, peerDriverCacheOption, peerDllOption, peerWarmupOption,
};
peer.SetAction(async (parse, cancellationToken) =>
{
    var input = parse.GetValue(peerInputOption)!;
    if (!File.Exists(input))
    {
        Console.Error.WriteLine($"Input not found: {input}");
        return 2;
    }

    static List<string> List(string? value) =>
        [.. (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(v => v != "none").Distinct()];
    var drivers = List(parse.GetValue(peerDriversOption));
    if (drivers.Any(d => d is not ("memory" or "rocksdb")))
    {
        Console.Error.WriteLine("--drivers: expected memory, rocksdb or none.");
        return 2;
    }

    var driverCaches = List(parse.GetValue(peerDriverCacheOption));
    if (driverCaches.Count == 0 || driverCaches.Any(c => c is not ("on" or "off")))
    {
        Console.Error.WriteLine("--driver-cache: expected on, off or on,off.");
        return 2;
    }

    var settings = new PeerSettings(
        input, Math.Max(1, parse.GetValue(peerRecordsOption)), Math.Clamp(parse.GetValue(peerPartitionsOption), 1, 256), List(parse.GetValue(peerConfigsOption)),
        Math.Max(1, parse.GetValue(peerRoundsOption)), drivers, Math.Max(1, parse.GetValue(peerDriverRecordsOption)), Math.Max(1, parse.GetValue(peerDriverRocksOption)),
        driverCaches, parse.GetValue(peerDllOption), Math.Max(0, parse.GetValue(peerWarmupOption)));
    return await new PeerBenchmark(settings, Console.Out).RunAsync(cancellationToken);
});

// The Streams side of `peer`, started by it once per run: the same command line as the Streamiz side (PeerSideArgs).
var peerSide = new Command("peer-side", "Internal: one Streams run of the peer command.") { Hidden = true, TreatUnmatchedTokensAsErrors = false };
peerSide.SetAction(async (parse, cancellationToken) => await PeerStreamsSide.RunAsync([.. parse.UnmatchedTokens], cancellationToken));

var root = new RootCommand("Streams benchmarks: each command measures a baseline and the framework in the same run and prints Markdown tables.")
{
    inprocess, kafka, bdn, rocksdb, restore, assignment, driverCommand, peer, peerSide,
};
return await root.Parse(args).InvokeAsync();
