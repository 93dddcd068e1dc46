using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Streams.Hosting.Internal;
using static Streams.Hosting.Tests.StreamsServiceCollectionExtensionsTests;

namespace Streams.Hosting.Tests.Internal;

public class StreamsOptionsValidatorTests
{
    [Theory]
    [InlineData("Streams:ApplicationId", "", "Streams:ApplicationId is required")]
    [InlineData("Streams:ApplicationId", "my app!", "Streams:ApplicationId 'my app!' may hold only ASCII letters, digits, '.', '_' and '-'.")]
    [InlineData("Streams:BootstrapServers", " ", "Streams:BootstrapServers is required")]
    [InlineData("Streams:StateDirectory", "", "Streams:StateDirectory must not be empty.")]
    [InlineData("Streams:CommitInterval", "00:00:00", "Streams:CommitInterval is 00:00:00; it must be at least 1 ms")]
    [InlineData("Streams:PollTimeout", "-00:00:01", "Streams:PollTimeout is -00:00:01; it must not be negative.")]
    [InlineData("Streams:ConsumerCloseTimeout", "00:00:00", "Streams:ConsumerCloseTimeout is 00:00:00; it must be at least 1 ms")]
    [InlineData("Streams:MaxPollRecords", "0", "Streams:MaxPollRecords is 0; it must be at least 1.")]
    [InlineData("Streams:NumStreamThreads", "0", "Streams:NumStreamThreads is 0; it must be at least 1.")]
    [InlineData("Streams:NumStandbyReplicas", "-1", "Streams:NumStandbyReplicas is -1; it must not be negative.")]
    [InlineData("Streams:NumStandbyReplicas", "1", "Streams:NumStandbyReplicas is 1, which needs Streams:ApplicationServer")]
    [InlineData("Streams:StateStoreCacheMaxBytes", "-1", "Streams:StateStoreCacheMaxBytes is -1; it must not be negative")]
    public void Each_rule_of_StreamsOptions_Validate_names_its_configuration_key(string key, string value, string expected)
    {
        var values = new Dictionary<string, string?>
        {
            ["Streams:ApplicationId"] = "app",
            ["Streams:BootstrapServers"] = "localhost:9092",
            [key] = value,
        };

        var result = Validate(values);

        result.Failed.Should().BeTrue();
        result.Failures.Should().ContainSingle().Which.Should().StartWith(expected);
    }

    [Fact]
    public void Valid_options_pass()
    {
        Validate(new() { ["Streams:ApplicationId"] = "app", ["Streams:BootstrapServers"] = "localhost:9092" }).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Binding_errors_and_rule_violations_are_reported_together()
    {
        var result = Validate(new() { ["Streams:CommitInterval"] = "often", ["Streams:MaxPollRecords"] = "0" });

        result.Failures.Should().HaveCount(4).And.Contain(f => f.StartsWith("Streams:CommitInterval: 'often'", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Streams:ApplicationId", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Streams:BootstrapServers", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Streams:MaxPollRecords is 0", StringComparison.Ordinal));
    }

    [Fact]
    public void An_undefined_TaskAssignment_set_in_code_is_reported_with_its_configuration_key()
    {
        var services = new ServiceCollection();
        services.AddStreams(Configuration(new() { ["Streams:ApplicationId"] = "app", ["Streams:BootstrapServers"] = "localhost:9092" }).GetSection("Streams"), _ => Topology());
        using var provider = services.BuildServiceProvider();
        var options = new StreamsOptions { ApplicationId = "app", BootstrapServers = "localhost:9092", TaskAssignment = (TaskAssignmentStrategy)9 };

        var result = new StreamsOptionsValidator(provider.GetRequiredService<StreamsHostingContext>()).Validate(Options.DefaultName, options);

        result.Failures.Should().ContainSingle().Which.Should().StartWith("Streams:TaskAssignment is 9; it must be CooperativeSticky or Range.");
    }

    [Fact]
    public void The_consumer_group_protocol_with_Range_assignment_is_reported_with_both_keys()
    {
        var services = new ServiceCollection();
        services.AddStreams(Configuration(new() { ["Streams:ApplicationId"] = "app", ["Streams:BootstrapServers"] = "localhost:9092" }).GetSection("Streams"), _ => Topology());
        using var provider = services.BuildServiceProvider();
        var options = new StreamsOptions
        {
            ApplicationId = "app", BootstrapServers = "localhost:9092", GroupProtocol = GroupProtocol.Consumer, TaskAssignment = TaskAssignmentStrategy.Range,
        };

        var result = new StreamsOptionsValidator(provider.GetRequiredService<StreamsHostingContext>()).Validate(Options.DefaultName, options);

        result.Failures.Should().ContainSingle().Which.Should().StartWith("Streams:GroupProtocol is Consumer (KIP-848), which needs Streams:TaskAssignment CooperativeSticky");
    }

    [Fact]
    public void Named_options_other_than_the_default_are_skipped()
    {
        new StreamsOptionsValidator(new StreamsHostingContext()).Validate("other", new StreamsOptions()).Skipped.Should().BeTrue();
    }

    [Fact]
    public async Task A_host_with_invalid_settings_fails_to_start_with_every_problem_named()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Streams:ApplicationId"] = "bad id",
            ["Streams:BootstrapServers"] = "localhost:9092",
            ["Streams:CommitInterval"] = "5000",
            ["Streams:Consumer:group.id"] = "mine",
        });
        builder.Services.AddStreams(builder.Configuration.GetSection("Streams"), _ => Topology());
        using var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var act = () => host.StartAsync(timeout.Token);

        var failures = (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Failures;
        failures.Should().HaveCount(3);
        failures.Should().Contain(f => f.StartsWith("Streams:ApplicationId 'bad id'", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Streams:CommitInterval: '5000' is not a time span", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Streams:Consumer:group.id:", StringComparison.Ordinal));
    }

    private static ValidateOptionsResult Validate(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddStreams(Configuration(values).GetSection("Streams"), _ => Topology());
        using var provider = services.BuildServiceProvider();
        var context = provider.GetRequiredService<StreamsHostingContext>();
        var options = new StreamsOptions();
        foreach (var configure in provider.GetServices<IConfigureOptions<StreamsOptions>>())
        {
            configure.Configure(options);
        }

        return new StreamsOptionsValidator(context).Validate(Options.DefaultName, options);
    }
}
