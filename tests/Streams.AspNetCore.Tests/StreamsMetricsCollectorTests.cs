using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Streams.AspNetCore.Tests;

public sealed class StreamsMetricsCollectorTests
{
    [Fact]
    public void Counters_are_summed_per_tag_set_histograms_keep_count_sum_and_max_and_gauges_their_current_value()
    {
        var meterName = "test-" + Guid.NewGuid();
        using var meter = new Meter(meterName);
        using var other = new Meter("other-" + Guid.NewGuid());
        var gauge = 5L;
        var processed = meter.CreateCounter<long>("processed", "{record}");
        var duration = meter.CreateHistogram<double>("duration", "s");
        meter.CreateObservableGauge("lag", () => new Measurement<long>(gauge, new KeyValuePair<string, object?>("partition", 3)));
        var ignored = other.CreateCounter<long>("ignored");
        using var collector = new StreamsMetricsCollector([meterName]);

        processed.Add(2, new KeyValuePair<string, object?>("task", "0_0"));
        processed.Add(3, new KeyValuePair<string, object?>("task", "0_0"));
        processed.Add(7, new KeyValuePair<string, object?>("task", "0_1"));
        duration.Record(0.5);
        duration.Record(1.5);
        ignored.Add(1);
        gauge = 9;
        var snapshot = collector.Snapshot();

        snapshot.Should().HaveCount(4);
        snapshot.Single(v => v.Name == "processed" && v.Tags["task"] == "0_0").Should().Match<StreamsMetricValue>(v => v.Value == 5 && v.Count == 2 && v.Kind == "counter" && v.Unit == "{record}");
        snapshot.Single(v => v.Name == "processed" && v.Tags["task"] == "0_1").Value.Should().Be(7);
        snapshot.Single(v => v.Name == "duration").Should().Match<StreamsMetricValue>(v => v.Kind == "histogram" && v.Count == 2 && v.Value == 2.0 && v.Max == 1.5);
        snapshot.Single(v => v.Name == "lag").Should().Match<StreamsMetricValue>(v => v.Kind == "gauge" && v.Value == 9 && v.Count == null && v.Tags["partition"] == "3");
    }

    [Fact]
    public async Task The_metrics_endpoint_serves_the_collected_values_as_json()
    {
        var meterName = "test-" + Guid.NewGuid();
        using var meter = new Meter(meterName);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(new StreamsMetricsCollector([meterName]));
        builder.Services.AddStreamsMetrics();
        await using var app = builder.Build();
        app.MapStreamsMetrics("/metrics");
        await app.StartAsync();
        meter.CreateCounter<long>("commits").Add(4);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };

        var values = await client.GetFromJsonAsync<List<StreamsMetricValue>>("/metrics");

        values.Should().ContainSingle().Which.Should().Match<StreamsMetricValue>(v => v.Meter == meterName && v.Name == "commits" && v.Value == 4);
        await app.StopAsync();
    }
}
