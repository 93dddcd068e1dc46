using BenchmarkDotNet.Attributes;
using FlightDelays;
using Streams.Benchmarks.InProcess;
using Streams.Benchmarks.Support;
using Streams.Dsl;
using Streams.RocksDb;
using Streams.Serialization;
using Streams.State;

namespace Streams.Benchmarks.Benchmarks;

/// <summary>
/// The windowed aggregation hot path through the real task code: source (UTF-8 key and value) -> parse ->
/// filter -> 1-hour tumbling window aggregate into a timestamped window store with changelog capture (counted
/// and discarded). One operation = one record; each iteration runs <see cref="Records"/> records into fresh
/// stores, in memory or in RocksDB. <see cref="AggregateLongRetention"/> runs the same with a 30-day retention, so the
/// window store never purges expired windows within the sample's week: the difference is the cost of purging.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
[WarmupCount(12)] // One invocation per iteration (fresh stores): tiered JIT reaches steady state only after ~600k records.
public class WindowAggregateBenchmarks
{
    private const int Records = 50_000;
    private FlightRecords _records = null!;
    private Topology _topology = null!;
    private Topology _longRetention = null!;
    private TaskRunner? _runner;
    private TaskRunner? _longRunner;

    [Params("memory", "rocksdb")]
    public string Stores { get; set; } = "memory";

    [GlobalSetup]
    public void GlobalSetup()
    {
        _records = FlightRecords.Load(RepoPaths.SampleFlights);
        if (_records.Count < Records)
        {
            throw new InvalidOperationException($"The sample has {_records.Count:N0} records, fewer than {Records:N0}.");
        }

        _topology = Build(null);
        _longRetention = Build(TimeSpan.FromDays(30));
    }

    [IterationSetup]
    public void IterationSetup()
    {
        IDslStoreSuppliers suppliers = Stores == "rocksdb" ? RocksDbDslStoreSuppliers.Instance : InMemoryDslStoreSuppliers.Instance;
        _runner = new TaskRunner(_topology, suppliers, "bench-window", FlightTopology.FlightsTopic, new CountingRecordCollector());
        _longRunner = new TaskRunner(_longRetention, suppliers, "bench-window-long", FlightTopology.FlightsTopic, new CountingRecordCollector());
    }

    [IterationCleanup]
    public void IterationCleanup()
    {
        _runner?.Dispose();
        _runner = null;
        _longRunner?.Dispose();
        _longRunner = null;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public long Aggregate()
    {
        _runner!.Run(Records, i => _records.ConsumeResult(FlightTopology.FlightsTopic, i));
        return _runner.Collector.Records;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public long AggregateLongRetention()
    {
        _longRunner!.Run(Records, i => _records.ConsumeResult(FlightTopology.FlightsTopic, i));
        return _longRunner.Collector.Records;
    }

    private static Topology Build(TimeSpan? retention)
    {
        var materialized = Materialized<string?, DelayStats>.As("bench-stats").WithValueSerde(FlightTopology.StatsSerde);
        var builder = new StreamsBuilder();
        builder.Stream(FlightTopology.FlightsTopic, Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .MapValues(line => FlightParser.TryParse(line, out var flight, out _) ? flight : null)
            .Filter((_, flight) => flight is not null)
            .GroupByKey(Grouped<string?, Flight?>.With(Serdes.String, FlightTopology.FlightSerde))
            .WindowedBy(TimeWindows.OfSizeAndGrace(FlightTopology.WindowSize, FlightTopology.Grace))
            .Aggregate(() => DelayStats.Empty, (_, f, stats) => stats.Add(f!), retention is { } r ? materialized.WithRetention(r) : materialized);
        return builder.Build();
    }
}
