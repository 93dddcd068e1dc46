using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Streams.AspNetCore;

/// <summary>Serves the Streams meters as JSON (<see cref="StreamsMetricsCollector"/>) for hosts without a metrics exporter.</summary>
public static class StreamsMetricsEndpointRouteBuilderExtensions
{
    /// <summary>Registers one <see cref="StreamsMetricsCollector"/> (the Streams and Streams.RocksDb meters) as a singleton. Idempotent.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddStreamsMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(_ => new StreamsMetricsCollector());
        return services;
    }

    /// <summary>
    /// Maps <c>GET {pattern}</c> to a JSON array of <see cref="StreamsMetricValue"/>: every instrument and tag set of the
    /// Streams meters since the collector started (counters summed, histograms as count/sum/max, gauges observed now).
    /// Requires <see cref="AddStreamsMetrics"/>; the collector is created here, so it counts from when the endpoint is mapped.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route, e.g. <c>/metrics</c>.</param>
    /// <returns>The endpoint's convention builder (add authorization etc.).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException"><see cref="AddStreamsMetrics"/> was not called.</exception>
    public static IEndpointConventionBuilder MapStreamsMetrics(this IEndpointRouteBuilder endpoints, string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        // Resolved now, not on the first request: the collector counts only what happens after it starts listening.
        var collector = endpoints.ServiceProvider.GetService<StreamsMetricsCollector>()
            ?? throw new InvalidOperationException("MapStreamsMetrics needs services.AddStreamsMetrics().");
        return endpoints.MapGet(pattern, () => TypedResults.Json(collector.Snapshot()));
    }
}
