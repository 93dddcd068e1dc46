using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streams.Hosting;

/// <summary>Registers <see cref="StreamsHealthCheck"/> with the health checks builder (<c>services.AddHealthChecks()</c>).</summary>
public static class StreamsHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="StreamsHealthCheck"/> for the container's <see cref="StreamsApplication"/> (registered by
    /// <c>AddStreams</c>): Healthy when Running, Degraded when Created, Rebalancing or PendingShutdown,
    /// <paramref name="failureStatus"/> when Error or NotRunning.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name. Default <see cref="StreamsHealthCheck.DefaultName"/> (<c>streams</c>).</param>
    /// <param name="failureStatus">The status reported in Error and NotRunning. Default (null) <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by (e.g. <c>live</c>, <c>ready</c>). Default none.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="InvalidOperationException">When the check runs: no <see cref="StreamsApplication"/> is registered.</exception>
    public static IHealthChecksBuilder AddStreamsHealthCheck(
        this IHealthChecksBuilder builder,
        string name = StreamsHealthCheck.DefaultName,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new StreamsHealthCheck(sp.GetRequiredService<StreamsApplication>()),
            failureStatus,
            tags));
    }
}
