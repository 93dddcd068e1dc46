using System.Diagnostics.Metrics;
using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.Telemetry;

[Collection(nameof(TracingTests))]
public sealed class LatencyMetricsTests
{
    [Fact]
    public void Process_duration_is_recorded_once_per_record_each_task_processes_tagged_with_the_task()
    {
        var measurements = new List<(double Seconds, string? Task)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StreamsTelemetry.MeterName && instrument.Name == "streams.task.process.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            string? task = null;
            foreach (var tag in tags)
            {
                task = tag.Key == "task" ? tag.Value as string : task;
            }

            lock (measurements)
            {
                measurements.Add((value, task));
            }
        });
        listener.Start();
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .GroupBy((_, v) => v, Grouped<string?, string?>.As("by-value"))
            .Count(Materialized<string?, long>.As("counts"));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "x", 1);
        input.PipeInput("b", "y", 2);
        input.PipeInput("c", "x", 3);

        measurements.Should().HaveCount(6, "three records in sub-topology 0 and their three repartitioned copies in sub-topology 1");
        measurements.Select(m => m.Task).Should().BeEquivalentTo(["0_0", "0_0", "0_0", "1_0", "1_0", "1_0"]);
        measurements.Should().OnlyContain(m => m.Seconds >= 0 && m.Seconds < 60);
    }
}
