using Microsoft.Extensions.Diagnostics.HealthChecks;
using Streams.Hosting.Tests.Support;

namespace Streams.Hosting.Tests;

/// <summary>The state-to-health mapping, driven by a real application against the embedded broker.</summary>
[Collection(nameof(EmbeddedBrokerTests))]
public sealed class StreamsHealthCheckTests(EmbeddedBroker broker) : IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("streams-hosting-health-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public async Task Created_is_Degraded_with_the_progress_data()
    {
        await using var app = new StreamsApplication(EmbeddedBroker.TimesTen("a", "b"), broker.Options("health-created", _stateDir));

        var result = await Check(app);

        result.Status.Should().Be(HealthStatus.Degraded);
        result.Description.Should().StartWith("Created");
        result.Data.Should().Contain("state", "Created").And.Contain("recordsProcessed", 0L).And.Contain("lag", 0L)
            .And.ContainKeys("recordsSkipped", "recordsProduced", "commits", "partitions").And.NotContainKey("error");
    }

    [Fact]
    public async Task Follows_the_lifecycle_Degraded_while_rebalancing_Healthy_when_running_then_Degraded_and_Unhealthy_on_stop()
    {
        var (input, output) = broker.CreateTopics();
        broker.ProduceInts(input, 20);
        await using var app = new StreamsApplication(EmbeddedBroker.TimesTen(input, output), broker.Options("health-lifecycle-" + input, _stateDir));
        var check = new StreamsHealthCheck(app);
        var seen = new List<(StreamsState State, HealthStatus Status)>();
        // StateChanged runs on the thread making the transition, so the check sees exactly that state.
        app.StateChanged += (_, change) =>
        {
            var status = check.CheckHealthAsync(Context()).GetAwaiter().GetResult().Status;
            lock (seen)
            {
                seen.Add((change.NewState, status));
            }
        };

        await app.StartAsync();
        (await app.WaitForStateAsync(StreamsState.Running, EmbeddedBroker.Timeout)).Should().BeTrue();
        await EmbeddedBroker.WaitUntil(() => app.Progress.RecordsProcessed == 20 && app.Progress.Lag == 0, "20 records processed and committed");

        var running = await check.CheckHealthAsync(Context());
        running.Status.Should().Be(HealthStatus.Healthy);
        running.Description.Should().Be("Running: 20 records processed, lag 0.");
        running.Data.Should().Contain("state", "Running").And.Contain("recordsProcessed", 20L).And.Contain("lag", 0L).And.Contain("partitions", 1);
        ((long)running.Data["commits"]).Should().BePositive();
        ((long)running.Data["recordsProduced"]).Should().Be(20);

        await app.StopAsync();

        lock (seen)
        {
            seen.Select(s => s.State).Should().StartWith(StreamsState.Rebalancing)
                .And.EndWith([StreamsState.PendingShutdown, StreamsState.NotRunning]).And.Contain(StreamsState.Running);
            seen.Should().OnlyContain(s => s.Status == Expected(s.State), "each state maps to its status: {0}", string.Join(", ", seen));
        }

        var stopped = await check.CheckHealthAsync(Context());
        stopped.Status.Should().Be(HealthStatus.Unhealthy);
        stopped.Description.Should().StartWith("NotRunning");
        stopped.Data.Should().Contain("state", "NotRunning").And.Contain("recordsProcessed", 20L);
    }

    [Fact]
    public async Task Error_after_a_poison_record_with_LogAndFail_is_Unhealthy_with_the_error()
    {
        var (input, output) = broker.CreateTopics();
        broker.ProduceInts(input, 5, poison: true);
        await using var app = new StreamsApplication(EmbeddedBroker.TimesTen(input, output), broker.Options("health-error-" + input, _stateDir));

        await app.StartAsync();
        await app.Completion.WaitAsync(EmbeddedBroker.Timeout);
        var result = await new StreamsHealthCheck(app).CheckHealthAsync(Context());

        app.State.Should().Be(StreamsState.Error);
        result.Status.Should().Be(HealthStatus.Unhealthy);
        result.Exception.Should().BeSameAs(app.Error);
        result.Description.Should().Be("Error: the stream thread failed: " + app.Error!.Message);
        result.Description.Should().Contain($"{input}-0@5", "the runtime's message names the poison record");
        result.Data.Should().Contain("state", "Error").And.Contain("error", app.Error.Message);
        // The progress snapshot is refreshed after each poll loop iteration, so the records processed in the iteration
        // that failed may not be counted.
        ((long)result.Data["recordsProcessed"]).Should().BeInRange(0, 5);
    }

    [Fact]
    public async Task The_registrations_failure_status_is_used_for_stopped_states()
    {
        var (input, output) = broker.CreateTopics();
        await using var app = new StreamsApplication(EmbeddedBroker.TimesTen(input, output), broker.Options("health-failure-status-" + input, _stateDir));
        await app.StartAsync();
        (await app.WaitForStateAsync(StreamsState.Running, EmbeddedBroker.Timeout)).Should().BeTrue();
        await app.StopAsync();

        var withDegraded = await new StreamsHealthCheck(app).CheckHealthAsync(Context(HealthStatus.Degraded));
        var withoutRegistration = await new StreamsHealthCheck(app).CheckHealthAsync(new HealthCheckContext());

        withDegraded.Status.Should().Be(HealthStatus.Degraded);
        withoutRegistration.Status.Should().Be(HealthStatus.Unhealthy);
    }

    [Fact]
    public void A_null_application_is_refused()
    {
        var act = () => new StreamsHealthCheck(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    private static HealthStatus Expected(StreamsState state) => state switch
    {
        StreamsState.Running => HealthStatus.Healthy,
        StreamsState.Created or StreamsState.Rebalancing or StreamsState.PendingShutdown => HealthStatus.Degraded,
        _ => HealthStatus.Unhealthy,
    };

    private static Task<HealthCheckResult> Check(StreamsApplication app) => new StreamsHealthCheck(app).CheckHealthAsync(Context());

    private static HealthCheckContext Context(HealthStatus failureStatus = HealthStatus.Unhealthy) => new()
    {
        Registration = new HealthCheckRegistration("streams", _ => throw new InvalidOperationException("not used"), failureStatus, null),
    };
}
