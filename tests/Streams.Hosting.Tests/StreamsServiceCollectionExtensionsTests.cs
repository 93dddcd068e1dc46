using Streams.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Streams.Dsl;
using Streams.Hosting.Internal;
using Streams.Hosting.Tests.Support;

namespace Streams.Hosting.Tests;

public class StreamsServiceCollectionExtensionsTests
{
    private static readonly Dictionary<string, string?> s_valid = new()
    {
        ["Streams:ApplicationId"] = "di-app",
        ["Streams:BootstrapServers"] = "localhost:9092",
        ["Streams:CommitInterval"] = "00:00:01",
    };

    [Fact]
    public async Task Registers_the_application_as_a_singleton_and_the_hosted_service_that_runs_it()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddStreams(Configuration(s_valid).GetSection("Streams"), _ => Topology());

        await using var provider = services.BuildServiceProvider();
        var app = provider.GetRequiredService<StreamsApplication>();

        provider.GetRequiredService<StreamsApplication>().Should().BeSameAs(app);
        app.State.Should().Be(StreamsState.Created, "nothing starts before the host does");
        provider.GetServices<IHostedService>().Should().ContainSingle().Which.Should().BeOfType<StreamsHostedService>();
        services.Should().ContainSingle(d => d.ServiceType == typeof(StreamsApplication)).Which.Lifetime.Should().Be(ServiceLifetime.Singleton);
    }

    [Fact]
    public async Task Binds_the_options_from_the_configuration_section()
    {
        var services = new ServiceCollection();
        services.AddStreams(Configuration(new(s_valid) { ["Streams:Producer:linger.ms"] = "5" }).GetSection("Streams"), _ => Topology());

        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<StreamsOptions>>().Value;

        options.ApplicationId.Should().Be("di-app");
        options.BootstrapServers.Should().Be("localhost:9092");
        options.CommitInterval.Should().Be(TimeSpan.FromSeconds(1));
        options.Producer.LingerMs.Should().Be(5);
    }

    [Fact]
    public async Task Creates_the_topology_once_lazily_from_the_container()
    {
        var calls = 0;
        var services = new ServiceCollection();
        services.AddSingleton("marker");
        services.AddStreams(Configuration(s_valid).GetSection("Streams"), sp =>
        {
            sp.GetRequiredService<string>().Should().Be("marker");
            calls++;
            return Topology();
        });

        await using var provider = services.BuildServiceProvider();
        calls.Should().Be(0, "the topology is built when the application is first resolved");
        provider.GetRequiredService<StreamsApplication>();
        provider.GetRequiredService<StreamsApplication>();

        calls.Should().Be(1);
    }

    [Fact]
    public async Task Uses_the_containers_logger_factory()
    {
        var capture = new CapturingLoggerProvider();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(capture));
        services.AddStreams(Configuration(s_valid).GetSection("Streams"), _ => Topology());

        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<StreamsApplication>();

        provider.GetRequiredService<IOptions<StreamsOptions>>().Value.LoggerFactory.Should().BeSameAs(provider.GetRequiredService<ILoggerFactory>());
        capture.Categories.Should().Contain(typeof(StreamsApplication).FullName, "the application created its logger from the container's factory");
    }

    [Fact]
    public async Task A_logger_factory_set_in_code_is_kept()
    {
        using var own = LoggerFactory.Create(_ => { });
        var services = new ServiceCollection().AddLogging();
        services.AddStreams(Configuration(s_valid).GetSection("Streams"), _ => Topology(), o => o.LoggerFactory = own);

        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<StreamsOptions>>().Value.LoggerFactory.Should().BeSameAs(own);
    }

    [Fact]
    public async Task Without_logging_services_the_null_logger_factory_stays()
    {
        var services = new ServiceCollection();
        services.AddStreams(Configuration(s_valid).GetSection("Streams"), _ => Topology());

        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<StreamsOptions>>().Value.LoggerFactory.Should().BeSameAs(NullLoggerFactory.Instance);
    }

    [Fact]
    public async Task Uses_the_containers_TimeProvider_when_one_is_registered()
    {
        var clock = new ManualTimeProvider();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock);
        services.AddStreams(Configuration(s_valid).GetSection("Streams"), _ => Topology());

        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<StreamsOptions>>().Value.TimeProvider.Should().BeSameAs(clock);
    }

    [Fact]
    public async Task Uses_the_containers_client_supplier_when_one_is_registered_and_the_default_otherwise()
    {
        var supplier = new RecordingClientSupplier();
        var services = new ServiceCollection().AddSingleton<IKafkaClientSupplier>(supplier);
        services.AddStreams(Configuration(s_valid).GetSection("Streams"), _ => Topology());
        var without = new ServiceCollection();
        without.AddStreams(Configuration(s_valid).GetSection("Streams"), _ => Topology());

        await using var provider = services.BuildServiceProvider();
        await using var defaultProvider = without.BuildServiceProvider();

        provider.GetRequiredService<IOptions<StreamsOptions>>().Value.ClientSupplier.Should().BeSameAs(supplier);
        defaultProvider.GetRequiredService<IOptions<StreamsOptions>>().Value.ClientSupplier.Should().BeSameAs(DefaultKafkaClientSupplier.Instance);
    }

    [Fact]
    public async Task A_client_supplier_set_in_code_wins_over_the_containers()
    {
        var own = new RecordingClientSupplier();
        var services = new ServiceCollection().AddSingleton<IKafkaClientSupplier>(new RecordingClientSupplier());
        services.AddStreams(streams => streams.BindConfiguration(Configuration(s_valid).GetSection("Streams")).Configure(o => o.ClientSupplier = own).WithTopology(_ => Topology()));

        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<StreamsOptions>>().Value.ClientSupplier.Should().BeSameAs(own);
    }

    [Fact]
    public async Task Without_a_registered_TimeProvider_the_system_clock_is_used()
    {
        var services = new ServiceCollection();
        services.AddStreams(Configuration(s_valid).GetSection("Streams"), _ => Topology());

        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<StreamsOptions>>().Value.TimeProvider.Should().BeSameAs(TimeProvider.System);
    }

    [Fact]
    public async Task Resolving_the_application_with_invalid_options_throws_naming_the_keys()
    {
        var services = new ServiceCollection();
        services.AddStreams(Configuration(new() { ["Streams:CommitInterval"] = "often" }).GetSection("Streams"), _ => Topology());

        await using var provider = services.BuildServiceProvider();
        var act = () => provider.GetRequiredService<StreamsApplication>();

        var failures = act.Should().Throw<OptionsValidationException>().Which.Failures;
        failures.Should().Contain(f => f.StartsWith("Streams:CommitInterval: 'often'", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Streams:ApplicationId is required", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Streams:BootstrapServers is required", StringComparison.Ordinal));
    }

    [Fact]
    public void AddStreams_twice_is_refused()
    {
        var services = new ServiceCollection();
        services.AddStreams(b => b.WithTopology(Topology()));

        var act = () => services.AddStreams(b => b.WithTopology(Topology()));

        act.Should().Throw<InvalidOperationException>().WithMessage("*already called*");
    }

    [Fact]
    public void AddStreams_without_a_topology_is_refused()
    {
        var act = () => new ServiceCollection().AddStreams(b => b.Configure(o => o.ApplicationId = "x"));

        act.Should().Throw<InvalidOperationException>().WithMessage("*WithTopology*");
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        var services = new ServiceCollection();
        var configuration = Configuration(s_valid);

        ((Action)(() => ((IServiceCollection)null!).AddStreams(_ => { }))).Should().Throw<ArgumentNullException>();
        ((Action)(() => services.AddStreams((Action<StreamsHostingBuilder>)null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => services.AddStreams(null!, _ => Topology()))).Should().Throw<ArgumentNullException>();
        ((Action)(() => services.AddStreams(configuration, null!))).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public async Task A_topology_factory_returning_null_fails_with_a_clear_message()
    {
        var services = new ServiceCollection();
        services.AddStreams(Configuration(s_valid).GetSection("Streams"), _ => null!);

        await using var provider = services.BuildServiceProvider();
        var act = () => provider.GetRequiredService<StreamsApplication>();

        act.Should().Throw<InvalidOperationException>().WithMessage("*returned null*");
    }

    internal static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    internal static Topology Topology()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in").To("out");
        return builder.Build();
    }

    private sealed class ManualTimeProvider : TimeProvider;

    private sealed class RecordingClientSupplier : DefaultKafkaClientSupplier;
}
