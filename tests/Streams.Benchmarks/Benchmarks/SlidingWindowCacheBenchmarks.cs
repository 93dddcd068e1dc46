using System.Text;
using BenchmarkDotNet.Attributes;
using Confluent.Kafka;
using Streams.Benchmarks.Support;
using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.Benchmarks.Benchmarks;

/// <summary>
/// Sliding-window aggregation (a count over 5-minute sliding windows) through the real task code with in-memory stores:
/// it fetches a range of the key's windows per record. <see cref="CacheOff"/> (the baseline) runs without a record
/// cache; <see cref="CacheOn"/> with a 10 MiB cache, which holds every window of every key (<see cref="Keys"/> keys),
/// committed every 10,000 records. When a cached range read scans the whole cache, the ratio CacheOn / CacheOff grows
/// with the number of keys; with a sorted cache and a streaming merge it stays flat. One operation = one record.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class SlidingWindowCacheBenchmarks
{
    private const int Records = 20_000;
    private ConsumeResult<byte[], byte[]>[] _records = [];
    private Topology _topology = null!;
    private TaskRunner? _runner;

    [Params(10, 2_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        var builder = new StreamsBuilder();
        builder.Stream("clicks", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .GroupByKey()
            .WindowedBy(SlidingWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromMinutes(5)))
            .Count(Materialized<string?, long>.As("sliding-counts"));
        _topology = builder.Build();
        var value = "v"u8.ToArray();
        _records = Enumerable.Range(0, Records).Select(i => new ConsumeResult<byte[], byte[]>
        {
            Topic = "clicks",
            Partition = new Partition(0),
            Offset = new Offset(i),
            Message = new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes("user-" + (i % Keys)),
                Value = value,
                Timestamp = new Timestamp(1_700_000_000_000L + (i * 1_000L), TimestampType.CreateTime),
            },
        }).ToArray();
    }

    [IterationSetup(Target = nameof(CacheOff))]
    public void SetupCacheOff() => _runner = new TaskRunner(_topology, InMemoryDslStoreSuppliers.Instance, "bench-sliding", "clicks", new CountingRecordCollector());

    [IterationSetup(Target = nameof(CacheOn))]
    public void SetupCacheOn() =>
        _runner = new TaskRunner(_topology, InMemoryDslStoreSuppliers.Instance, "bench-sliding", "clicks", new CountingRecordCollector(), 10 * 1024 * 1024, 10_000);

    [IterationCleanup]
    public void IterationCleanup()
    {
        _runner?.Dispose();
        _runner = null;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public long CacheOff()
    {
        _runner!.Run(Records, i => _records[i]);
        return _runner.Collector.Records;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public long CacheOn()
    {
        _runner!.Run(Records, i => _records[i]);
        return _runner.Collector.Records;
    }
}
