using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Streams.Hosting.Tests.StreamsServiceCollectionExtensionsTests;

namespace Streams.Hosting.Tests;

public class StreamsHostingBuilderTests
{
    [Fact]
    public async Task Option_sources_apply_in_the_order_of_the_calls()
    {
        var configuration = Configuration(new() { ["Streams:ApplicationId"] = "from-config", ["Streams:BootstrapServers"] = "config:9092", ["Streams:MaxPollRecords"] = "10" });
        var services = new ServiceCollection();
        services.AddStreams(b => b
            .Configure(o => { o.ApplicationId = "before"; o.StateStoreCacheMaxBytes = 1; })
            .BindConfiguration(configuration.GetSection("Streams"))
            .Configure(o => o.BootstrapServers = "after:9092")
            .WithTopology(Topology()));

        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<StreamsOptions>>().Value;

        options.ApplicationId.Should().Be("from-config", "configuration bound after a Configure overrides it");
        options.StateStoreCacheMaxBytes.Should().Be(1, "a key missing from the configuration leaves the earlier value");
        options.BootstrapServers.Should().Be("after:9092", "a Configure after the binding overrides it");
        options.MaxPollRecords.Should().Be(10);
    }

    [Fact]
    public async Task BindConfiguration_by_path_reads_the_containers_configuration()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Configuration(new() { ["App:Kafka:Streams:ApplicationId"] = "by-path", ["App:Kafka:Streams:BootstrapServers"] = "b:1" }));
        services.AddStreams(b => b.BindConfiguration("App:Kafka:Streams").WithTopology(Topology()));

        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<StreamsOptions>>().Value.ApplicationId.Should().Be("by-path");
    }

    [Fact]
    public async Task BindConfiguration_by_path_names_keys_with_that_path()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Configuration(new() { ["App:Streams:BootstrapServers"] = "b:1" }));
        services.AddStreams(b => b.BindConfiguration("App:Streams").WithTopology(Topology()));

        await using var provider = services.BuildServiceProvider();
        var act = () => provider.GetRequiredService<IOptions<StreamsOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle()
            .Which.Should().StartWith("App:Streams:ApplicationId is required");
    }

    [Fact]
    public async Task Configure_with_the_service_provider_reads_services()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new BrokerAddress("from-service:9092"));
        services.AddStreams(b => b
            .Configure(o => o.ApplicationId = "sp")
            .Configure((o, sp) => o.BootstrapServers = sp.GetRequiredService<BrokerAddress>().Value)
            .WithTopology(Topology()));

        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<StreamsOptions>>().Value.BootstrapServers.Should().Be("from-service:9092");
    }

    [Fact]
    public async Task Without_configuration_errors_name_the_options_properties()
    {
        var services = new ServiceCollection();
        services.AddStreams(b => b.Configure(o => o.MaxPollRecords = 0).WithTopology(Topology()));

        await using var provider = services.BuildServiceProvider();
        var act = () => provider.GetRequiredService<IOptions<StreamsOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().Contain(
            "StreamsOptions.ApplicationId is required (the consumer group id and internal topic prefix).",
            "StreamsOptions.MaxPollRecords is 0; it must be at least 1.");
    }

    [Fact]
    public void The_last_topology_wins_and_null_arguments_are_refused()
    {
        var services = new ServiceCollection();
        var first = Topology();
        var second = Topology();
        StreamsHostingBuilder? captured = null;
        services.AddStreams(b => captured = b.WithTopology(first).WithTopology(_ => second));

        captured!.Services.Should().BeSameAs(services);
        ((Action)(() => captured.WithTopology((Topology)null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => captured.WithTopology((Func<IServiceProvider, Topology>)null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => captured.BindConfiguration((IConfiguration)null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => captured.BindConfiguration(""))).Should().Throw<ArgumentException>();
        ((Action)(() => captured.Configure((Action<StreamsOptions>)null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => captured.Configure((Action<StreamsOptions, IServiceProvider>)null!))).Should().Throw<ArgumentNullException>();
    }

    private sealed record BrokerAddress(string Value);
}
