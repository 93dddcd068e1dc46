using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using static Streams.Hosting.Tests.StreamsServiceCollectionExtensionsTests;

namespace Streams.Hosting.Tests;

public class StreamsHealthChecksBuilderExtensionsTests
{
    [Fact]
    public async Task Registers_the_check_for_the_containers_application()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddStreams(Configuration(new() { ["Streams:ApplicationId"] = "hc", ["Streams:BootstrapServers"] = "localhost:9092" }).GetSection("Streams"), _ => Topology());
        services.AddHealthChecks().AddStreamsHealthCheck();

        await using var provider = services.BuildServiceProvider();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(timeout.Token);

        report.Entries.Should().ContainKey(StreamsHealthCheck.DefaultName);
        report.Entries["streams"].Status.Should().Be(HealthStatus.Degraded);
        report.Entries["streams"].Data["state"].Should().Be("Created");
    }

    [Fact]
    public async Task Name_failure_status_and_tags_go_into_the_registration()
    {
        var services = new ServiceCollection();
        services.AddHealthChecks().AddStreamsHealthCheck("kafka-streams", HealthStatus.Degraded, ["ready"]);

        await using var provider = services.BuildServiceProvider();
        var registration = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Should().ContainSingle().Subject;

        registration.Name.Should().Be("kafka-streams");
        registration.FailureStatus.Should().Be(HealthStatus.Degraded);
        registration.Tags.Should().BeEquivalentTo(["ready"]);
    }

    [Fact]
    public void Invalid_arguments_are_refused()
    {
        var builder = new ServiceCollection().AddHealthChecks();

        ((Action)(() => StreamsHealthChecksBuilderExtensions.AddStreamsHealthCheck(null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => builder.AddStreamsHealthCheck(""))).Should().Throw<ArgumentException>();
    }
}
