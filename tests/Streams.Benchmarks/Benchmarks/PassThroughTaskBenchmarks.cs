using BenchmarkDotNet.Attributes;
using FlightDelays;
using Streams.Benchmarks.InProcess;
using Streams.Benchmarks.Support;
using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.Benchmarks.Benchmarks;

/// <summary>
/// The per-record cost of the task machinery alone: <c>Stream&lt;byte[], byte[]&gt;(input).To(output)</c> through the real
/// task code (buffering in the partition group, stamping, source deserialization, sink serialization, the
/// collector), i.e. the in-process part of the Kafka pass-through benchmark. One operation = one record.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class PassThroughTaskBenchmarks
{
    private const int Records = 100_000;
    private FlightRecords _records = null!;
    private TaskRunner _runner = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _records = FlightRecords.Load(RepoPaths.SampleFlights);
        var builder = new StreamsBuilder();
        builder.Stream(FlightTopology.FlightsTopic, Consumed<byte[]?, byte[]?>.With(Serdes.ByteArray, Serdes.ByteArray))
            .To("bench-output", Produced<byte[]?, byte[]?>.With(Serdes.ByteArray, Serdes.ByteArray));

        // Stateless: one task serves every iteration.
        _runner = new TaskRunner(builder.Build(), InMemoryDslStoreSuppliers.Instance, "bench-passthrough", FlightTopology.FlightsTopic, new CountingRecordCollector());
    }

    [GlobalCleanup]
    public void GlobalCleanup() => _runner.Dispose();

    [Benchmark(OperationsPerInvoke = Records)]
    public long PassThrough()
    {
        _runner.Run(Records, i => _records.ConsumeResult(FlightTopology.FlightsTopic, i));
        return _runner.Processed;
    }
}
