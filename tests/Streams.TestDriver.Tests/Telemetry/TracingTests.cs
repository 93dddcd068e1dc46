using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.Telemetry;

/// <summary>Runs alone: an ActivityListener sees every test's spans, and spans add headers to other tests' outputs.</summary>
[CollectionDefinition(nameof(TracingTests), DisableParallelization = true)]
public sealed class TracingTestsDefinition;

[Collection(nameof(TracingTests))]
public sealed class TracingTests : IDisposable
{
    private readonly List<Activity> _spans = [];
    private readonly ActivityListener _listener;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StreamsTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Add,
        };
    }

    [Fact]
    public void An_input_trace_is_continued_through_a_repartition_topic_to_the_output_headers()
    {
        ActivitySource.AddActivityListener(_listener);
        using var driver = new TopologyTestDriver(RepartitioningTopology());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64);
        var upstream = ActivityContext.Parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=x");

        input.PipeInput("k", "a", 1_000, new Headers { { "traceparent", Encoding.ASCII.GetBytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01") }, { "tracestate", Encoding.ASCII.GetBytes("vendor=x") } });

        var outRecord = output.ReadRecord();
        var traceparent = Encoding.ASCII.GetString(outRecord.Headers.GetLastBytes("traceparent"));
        _spans.Select(s => s.DisplayName).Should().Equal("send test-driver-in-by-value-repartition", "process in", "send out", "process test-driver-in-by-value-repartition");
        var processIn = _spans.Single(s => s.DisplayName == "process in");
        var sendRepartition = _spans.Single(s => s.DisplayName == "send test-driver-in-by-value-repartition");
        var processRepartition = _spans.Single(s => s.DisplayName == "process test-driver-in-by-value-repartition");
        var sendOut = _spans.Single(s => s.DisplayName == "send out");
        _spans.Should().OnlyContain(s => s.TraceId == upstream.TraceId, "one trace from the upstream producer to the output");
        processIn.ParentSpanId.Should().Be(upstream.SpanId);
        processIn.Kind.Should().Be(ActivityKind.Consumer);
        processIn.GetTagItem("messaging.destination.name").Should().Be("in");
        processIn.GetTagItem("messaging.kafka.offset").Should().Be(0L);
        sendRepartition.ParentSpanId.Should().Be(processIn.SpanId);
        sendRepartition.Kind.Should().Be(ActivityKind.Producer);
        processRepartition.ParentSpanId.Should().Be(sendRepartition.SpanId, "the repartition record carried the send span in its headers");
        sendOut.ParentSpanId.Should().Be(processRepartition.SpanId);
        traceparent.Should().Be(sendOut.Id, "the output carries the last send span for the next consumer");
        Encoding.ASCII.GetString(outRecord.Headers.GetLastBytes("tracestate")).Should().Be("vendor=x");
        outRecord.Headers.Count(h => h.Key == "traceparent").Should().Be(1, "the input's trace context is replaced, not duplicated");
    }

    [Fact]
    public void A_record_without_trace_context_starts_a_new_trace()
    {
        ActivitySource.AddActivityListener(_listener);
        using var driver = new TopologyTestDriver(PassThroughTopology());
        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "a", 1_000);

        var outRecord = driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadRecord();

        var process = _spans.Single(s => s.DisplayName == "process in");
        process.ParentSpanId.Should().Be(default(ActivitySpanId));
        Encoding.ASCII.GetString(outRecord.Headers.GetLastBytes("traceparent")).Should().Contain(process.TraceId.ToHexString());
    }

    [Fact]
    public void Without_a_listener_no_span_is_made_and_no_header_is_added()
    {
        using var driver = new TopologyTestDriver(PassThroughTopology());
        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "a", 1_000);

        var outRecord = driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadRecord();

        outRecord.Headers.Should().BeEmpty();
        _spans.Should().BeEmpty();
    }

    public void Dispose() => _listener.Dispose();

    private static Topology PassThroughTopology()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in", Consumed<string?, string?>.With(Serdes.String, Serdes.String)).To("out", Produced<string?, string?>.With(Serdes.String, Serdes.String));
        return builder.Build();
    }

    private static Topology RepartitioningTopology()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .GroupBy((_, v) => v, Grouped<string?, string?>.As("in-by-value"))
            .Count(Materialized<string?, long>.As("counts").WithCachingDisabled())
            .ToStream()
            .To("out", Produced<string?, long>.With(Serdes.String, Serdes.Int64));
        return builder.Build();
    }
}
