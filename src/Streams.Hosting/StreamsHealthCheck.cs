using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streams.Hosting;

/// <summary>
/// Reports a <see cref="StreamsApplication"/>'s <see cref="StreamsApplication.State"/> as a health check
/// (Microsoft.Extensions.Diagnostics.HealthChecks), the way Kafka Streams deployments usually probe
/// <c>KafkaStreams.state()</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>State</term><description>Status</description></listheader>
/// <item><term><see cref="StreamsState.Running"/></term><description><see cref="HealthStatus.Healthy"/>: processing.</description></item>
/// <item><term><see cref="StreamsState.Created"/>, <see cref="StreamsState.Rebalancing"/>, <see cref="StreamsState.PendingShutdown"/></term><description><see cref="HealthStatus.Degraded"/>: alive but not processing (not started, joining the group or restoring state, stopping).</description></item>
/// <item><term><see cref="StreamsState.Error"/>, <see cref="StreamsState.NotRunning"/></term><description>The registration's failure status (<see cref="HealthStatus.Unhealthy"/> by default): the application will not process again in this process. In Error, the description holds the error message and the result's exception is <see cref="StreamsApplication.Error"/>.</description></item>
/// </list>
/// The result's data (also for Healthy) holds: <c>state</c> (the state name), <c>recordsProcessed</c>,
/// <c>recordsSkipped</c>, <c>recordsProduced</c>, <c>commits</c> (counts since start), <c>lag</c> (records
/// not yet committed on the assigned partitions, <see cref="StreamsProgress.Lag"/>), <c>partitions</c> (assigned
/// input partitions), and <c>error</c> (the message) in Error. The check reads in-memory state only: it does not
/// call the broker and completes synchronously.
/// </remarks>
public sealed class StreamsHealthCheck : IHealthCheck
{
    /// <summary>The registration name <see cref="StreamsHealthChecksBuilderExtensions.AddStreamsHealthCheck"/> uses by default: <c>streams</c>.</summary>
    public const string DefaultName = "streams";

    private readonly StreamsApplication _application;

    /// <summary>Creates the check for <paramref name="application"/>.</summary>
    /// <param name="application">The application to report on.</param>
    /// <exception cref="ArgumentNullException"><paramref name="application"/> is null.</exception>
    public StreamsHealthCheck(StreamsApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        _application = application;
    }

    /// <summary>Maps the application's current state to a health result (see the class remarks).</summary>
    /// <param name="context">The check context; its registration's failure status is used for Error and NotRunning (Unhealthy when there is no registration).</param>
    /// <param name="cancellationToken">Unused: the check does not wait.</param>
    /// <returns>A completed task with the result.</returns>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failureStatus = context?.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        var state = _application.State;
        var progress = _application.Progress;
        var error = state == StreamsState.Error ? _application.Error : null;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["state"] = state.ToString(),
            ["recordsProcessed"] = progress.RecordsProcessed,
            ["recordsSkipped"] = progress.RecordsSkipped,
            ["recordsProduced"] = progress.RecordsProduced,
            ["commits"] = progress.Commits,
            ["lag"] = progress.Lag,
            ["partitions"] = progress.Partitions.Count,
        };
        if (error is not null)
        {
            data["error"] = error.Message;
        }

        var result = state switch
        {
            StreamsState.Running => HealthCheckResult.Healthy($"Running: {progress.RecordsProcessed} records processed, lag {progress.Lag}.", data),
            StreamsState.Created => HealthCheckResult.Degraded("Created: not started yet.", data: data),
            StreamsState.Rebalancing => HealthCheckResult.Degraded("Rebalancing: joining the group, taking partitions or restoring state; not processing.", data: data),
            StreamsState.PendingShutdown => HealthCheckResult.Degraded("PendingShutdown: stopping; not processing.", data: data),
            StreamsState.NotRunning => new HealthCheckResult(failureStatus, "NotRunning: stopped; it will not process again in this process.", data: data),
            _ => new HealthCheckResult(failureStatus, $"Error: the stream thread failed: {error?.Message}", error, data),
        };
        return Task.FromResult(result);
    }
}
