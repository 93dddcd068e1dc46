using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using FlightDelays;
using Streams.Benchmarks.InProcess;
using Streams.Benchmarks.Support;
using Streams.Dsl;
using Streams.Internal;
using Streams.Serialization;
using Streams.State;

namespace Streams.Benchmarks.Benchmarks;

/// <summary>
/// What tracing costs per record on the pass-through task (source, sink, collector): <c>Off</c> is the baseline with
/// instrumentation switched off (AppContext switch <c>Streams.Tracing.IsSupported=false</c>), <c>NoListener</c> the
/// default with nobody listening (target: under 5% slower than <c>Off</c>), <c>Listening</c> an ActivityListener that
/// records every span (process and send spans, and a traceparent header per output record). One operation = one record.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class TracingOverheadBenchmarks
{
    private const int Records = 100_000;
    private FlightRecords _records = null!;
    private TaskRunner _runner = null!;
    private ActivityListener? _listener;

    /// <summary>The tracing mode under test.</summary>
    [Params("Off", "NoListener", "Listening")]
    public string Mode { get; set; } = "Off";

    [GlobalSetup]
    public void GlobalSetup()
    {
        _records = FlightRecords.Load(RepoPaths.SampleFlights);
        var builder = new StreamsBuilder();
        builder.Stream(FlightTopology.FlightsTopic, Consumed<byte[]?, byte[]?>.With(Serdes.ByteArray, Serdes.ByteArray))
            .To("bench-output", Produced<byte[]?, byte[]?>.With(Serdes.ByteArray, Serdes.ByteArray));
        _runner = new TaskRunner(builder.Build(), InMemoryDslStoreSuppliers.Instance, "bench-tracing", FlightTopology.FlightsTopic, new CountingRecordCollector());
        StreamsTracing.IsSupported = Mode != "Off";
        if (Mode == "Listening")
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == StreamsTelemetry.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(_listener);
        }
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _listener?.Dispose();
        StreamsTracing.IsSupported = true;
        _runner.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public long PassThrough()
    {
        _runner.Run(Records, i => _records.ConsumeResult(FlightTopology.FlightsTopic, i));
        return _runner.Processed;
    }
}
