using System.Diagnostics;
using Streams.Benchmarks.Support;
using Streams.Dsl;
using Streams.RocksDb;
using Streams.Serialization;
using Streams.State;
using Streams.TestDriver;

namespace Streams.Benchmarks.Driver;

/// <summary>Settings of the <c>driver</c> command.</summary>
internal sealed record DriverSettings(int Records, int Keys, int Rounds, int Warmup, long StepMs, string Stores = "both");

/// <summary>
/// The <see cref="TopologyTestDriver"/> piping records one at a time (it commits after each, as Kafka's driver does) through a
/// topology with a key-value count and a windowed count, with in-memory stores and with RocksDB stores, alternating, in the
/// same run: records/s per side and the ratio RocksDB / in-memory.
/// </summary>
internal sealed class DriverBenchmark(DriverSettings settings, TextWriter output)
{
    public int Run()
    {
        output.WriteLine("# driver: TopologyTestDriver, RocksDB stores vs in-memory stores");
        output.WriteLine();
        output.WriteLine($"- {settings.Records:N0} records per round over {settings.Keys:N0} keys, piped one at a time, timestamps {settings.StepMs} ms apart; topology: GroupByKey().Count() and a 1-minute windowed Count(), both to sinks");
        output.WriteLine($"- rounds: {settings.Warmup} warm-up + {settings.Rounds} measured per side, alternating; a fresh driver (fresh stores) per round");
        output.WriteLine($"- load average at start: {MachineInfo.LoadAverage()}; CPU: {MachineInfo.CpuModel()}; {Environment.ProcessorCount} cores");
        output.WriteLine();

        var memory = new List<double>();
        var rocks = new List<double>();
        for (var round = 0; round < settings.Warmup + settings.Rounds; round++)
        {
            var warm = round < settings.Warmup;
            foreach (var rocksFirst in round % 2 == 0 ? new[] { false, true } : new[] { true, false })
            {
                if (settings.Stores != "both" && rocksFirst != (settings.Stores == "rocksdb"))
                {
                    continue;
                }

                var rate = RunOnce(rocksFirst ? RocksDbDslStoreSuppliers.Instance : InMemoryDslStoreSuppliers.Instance);
                output.WriteLine($"  round {round + 1}{(warm ? " (warm-up)" : string.Empty)} {(rocksFirst ? "rocksdb" : "memory ")}: {Stats.N0(rate)} records/s");
                if (!warm)
                {
                    (rocksFirst ? rocks : memory).Add(rate);
                }
            }
        }

        output.WriteLine();
        var table = new MarkdownTable("stores", "records/s (median)", "records/s (min-max)");
        if (memory.Count > 0)
        {
            table.Add("in-memory", Stats.N0(Stats.Median(memory)), Stats.Range(memory));
        }

        if (rocks.Count > 0)
        {
            table.Add("RocksDB", Stats.N0(Stats.Median(rocks)), Stats.Range(rocks));
        }

        table.Write(output);
        output.WriteLine();
        if (memory.Count > 0 && rocks.Count > 0)
        {
            output.WriteLine($"**Ratio RocksDB / in-memory: {Stats.F(Stats.Median(rocks) / Stats.Median(memory), 3)}**");
            output.WriteLine();
        }

        output.WriteLine($"Load average at end: {MachineInfo.LoadAverage()}");
        return 0;
    }

    private double RunOnce(IDslStoreSuppliers suppliers)
    {
        var builder = new StreamsBuilder();
        var words = builder.Stream("words", Consumed<string?, string?>.With(Serdes.String, Serdes.String));
        words.GroupByKey()
            .Count(Materialized<string?, long>.As("counts"))
            .ToStream()
            .To("counts-out", Produced<string?, long>.With(Serdes.String, Serdes.Int64));
        words.GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMinutes(1)))
            .Count(Materialized<string?, long>.As("windowed-counts"))
            .ToStream()
            .To("windowed-out", Produced<Windowed<string?>, long>.With(WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMinutes(1)), Serdes.Int64));

        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { DslStoreSuppliers = suppliers });
        var input = driver.CreateInputTopic("words", Serdes.String, Serdes.String);
        var keys = Enumerable.Range(0, settings.Keys).Select(i => "key-" + i).ToArray();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < settings.Records; i++)
        {
            input.PipeInput(keys[i % keys.Length], "v", settings.StepMs * i);
        }

        watch.Stop();
        if (driver.GetKeyValueStore<string?, long>("counts")!.Get(keys[0]) != (settings.Records + settings.Keys - 1) / settings.Keys)
        {
            throw new InvalidOperationException("Unexpected count in the store.");
        }

        return settings.Records / watch.Elapsed.TotalSeconds;
    }
}
