using Streams.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streams.Hosting.Internal;
using Streams.Hosting.Tests.Support;

namespace Streams.Hosting.Tests.Internal;

/// <summary>A .NET host running a streams application against the embedded broker: start, stop, failure behaviour, logs.</summary>
[Collection(nameof(EmbeddedBrokerTests))]
public sealed class StreamsHostedServiceTests(EmbeddedBroker broker) : IDisposable
{
    private static readonly string s_category = typeof(StreamsHostedService).FullName!;
    private readonly string _stateDir = Directory.CreateTempSubdirectory("streams-hosting-host-").FullName;
    private readonly CapturingLoggerProvider _logs = new();

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public async Task Host_start_runs_the_application_until_host_stop_stops_it_gracefully()
    {
        var (input, output) = broker.CreateTopics();
        broker.ProduceInts(input, 20);
        using var host = BuildHost("host-run-" + input, input, output);
        using var timeout = new CancellationTokenSource(EmbeddedBroker.Timeout);
        var app = host.Services.GetRequiredService<StreamsApplication>();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        (await health.CheckHealthAsync(timeout.Token)).Status.Should().Be(HealthStatus.Degraded, "Created before the host starts");
        await host.StartAsync(timeout.Token);
        (await app.WaitForStateAsync(StreamsState.Running, EmbeddedBroker.Timeout)).Should().BeTrue();
        await EmbeddedBroker.WaitUntil(() => app.Progress.RecordsProcessed == 20, "20 records processed");
        var running = await health.CheckHealthAsync(timeout.Token);
        await host.StopAsync(timeout.Token);

        running.Status.Should().Be(HealthStatus.Healthy);
        running.Entries["streams"].Data["state"].Should().Be("Running");
        app.State.Should().Be(StreamsState.NotRunning);
        app.Progress.Partitions.Should().ContainSingle().Which.CommittedOffset.Should().Be(20, "a graceful stop commits everything processed");
        (await health.CheckHealthAsync(timeout.Token)).Status.Should().Be(HealthStatus.Unhealthy);

        var hosting = _logs.Entries.Where(e => e.Category == s_category).ToList();
        hosting.Select(e => e.EventId.Id).Should().Equal(5001, 5002, 5003);
        hosting[0].Message.Should().Be($"Starting streams application host-run-{input} against {broker.BootstrapServers} (state directory {_stateDir}).");
        hosting[2].Message.Should().Be($"Streams application host-run-{input} stopped: 20 records processed, {app.Progress.Commits} commits.");
        hosting.Select(e => e.EventId.Name).Should().Equal("Starting", "Stopping", "Stopped");
        _logs.Entries.Should().Contain(e => e.Category == typeof(StreamsApplication).FullName && e.EventId.Id == 1001,
            "the runtime logs its state transitions through the container's logger factory");
    }

    [Fact]
    public async Task A_failing_stream_thread_stops_the_host_under_StopHost()
    {
        var (input, output) = broker.CreateTopics();
        broker.ProduceInts(input, 5, poison: true);
        using var host = BuildHost("host-fail-" + input, input, output);
        using var timeout = new CancellationTokenSource(EmbeddedBroker.Timeout);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource();
        lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());

        host.Services.GetRequiredService<IOptions<HostOptions>>().Value.BackgroundServiceExceptionBehavior.Should().Be(BackgroundServiceExceptionBehavior.StopHost, "it is the default");
        await host.StartAsync(timeout.Token);
        await stopping.Task.WaitAsync(EmbeddedBroker.Timeout); // the host stops itself: nothing here asks it to
        var stop = await Record.ExceptionAsync(() => host.StopAsync(timeout.Token));

        var app = host.Services.GetRequiredService<StreamsApplication>();
        app.State.Should().Be(StreamsState.Error);
        lifetime.ApplicationStopped.IsCancellationRequested.Should().BeTrue();
        var failed = _logs.Entries.Should().ContainSingle(e => e.Category == s_category && e.EventId.Id == 5005).Subject;
        failed.Level.Should().Be(LogLevel.Error);
        failed.Exception.Should().BeOfType<StreamsException>().Which.Message.Should().Contain($"{input}-0@5");
        _logs.Entries.Should().Contain(e => e.EventId.Name == "BackgroundServiceStoppingHost", "the host logs why it stops");
        stop.Should().BeNull("Host.StopAsync logged the failure rather than throwing it");
    }

    [Fact]
    public async Task Under_Ignore_the_host_keeps_running_and_the_health_check_reports_the_error()
    {
        var (input, output) = broker.CreateTopics();
        broker.ProduceInts(input, 5, poison: true);
        using var host = BuildHost("host-ignore-" + input, input, output, o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        using var timeout = new CancellationTokenSource(EmbeddedBroker.Timeout);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        await host.StartAsync(timeout.Token);
        await EmbeddedBroker.WaitUntil(() => _logs.Entries.Any(e => e.EventId.Name == "BackgroundServiceFaulted"), "the host to observe the failed service");
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(timeout.Token);
        lifetime.ApplicationStopping.IsCancellationRequested.Should().BeFalse();
        await host.StopAsync(timeout.Token);

        var app = host.Services.GetRequiredService<StreamsApplication>();
        report.Status.Should().Be(HealthStatus.Unhealthy);
        report.Entries["streams"].Description.Should().Be("Error: the stream thread failed: " + app.Error!.Message);
        report.Entries["streams"].Exception.Should().BeSameAs(app.Error);
        _logs.Entries.Should().NotContain(e => e.EventId.Name == "BackgroundServiceStoppingHost", "Ignore never stops the host, even after shutdown completed");
    }

    [Fact]
    public async Task A_host_stopped_while_the_application_starts_stops_without_a_failure()
    {
        var (input, output) = broker.CreateTopics();
        using var host = BuildHost("host-early-stop-" + input, input, output);
        using var timeout = new CancellationTokenSource(EmbeddedBroker.Timeout);

        await host.StartAsync(timeout.Token);
        await host.StopAsync(timeout.Token);

        // Depending on where the stop lands: before ExecuteAsync ran (the application was never started: Created),
        // while StartAsync was preparing (the runtime records the cancelled start as Error, the cancellation as the
        // cause), or after it (a graceful NotRunning). None of them is a service failure.
        var app = host.Services.GetRequiredService<StreamsApplication>();
        app.State.Should().BeOneOf(StreamsState.Created, StreamsState.NotRunning, StreamsState.Error);
        if (app.State == StreamsState.Error)
        {
            app.Error.Should().BeAssignableTo<OperationCanceledException>();
        }

        _logs.Entries.Should().NotContain(e => e.EventId.Id == 5005 || e.EventId.Name == "BackgroundServiceFaulted");
    }

    private IHost BuildHost(string applicationId, string input, string output, Action<HostOptions>? hostOptions = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(broker.Configuration(applicationId, _stateDir));
        builder.Logging.AddProvider(_logs);
        if (hostOptions is not null)
        {
            builder.Services.Configure(hostOptions);
        }

        builder.Services.AddStreams(builder.Configuration.GetSection("Streams"), _ => EmbeddedBroker.TimesTen(input, output));
        builder.Services.AddHealthChecks().AddStreamsHealthCheck();
        return builder.Build();
    }
}
