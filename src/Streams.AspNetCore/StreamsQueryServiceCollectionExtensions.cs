using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Streams.AspNetCore.Internal;

namespace Streams.AspNetCore;

/// <summary>Registers what the query endpoint (<see cref="StreamsQueryEndpointRouteBuilderExtensions.MapStreamsQueries"/>) needs.</summary>
public static class StreamsQueryServiceCollectionExtensions
{
    /// <summary>
    /// The name of the <see cref="HttpClient"/> (<see cref="IHttpClientFactory"/>) the endpoint forwards queries with:
    /// <c>Streams.AspNetCore</c>. Configure it with <c>services.AddHttpClient(StreamsQueryServiceCollectionExtensions.HttpClientName, …)</c>
    /// (TLS, handlers); its <see cref="HttpClient.Timeout"/> is infinite because change streams are long-lived;
    /// <see cref="StreamsQueryEndpointBuilder.ForwardingTimeout"/> bounds the other requests.
    /// </summary>
    public const string HttpClientName = QueryForwarder.ClientName;

    /// <summary>
    /// Registers the services of the store query endpoint: the named <see cref="HttpClient"/>
    /// <see cref="HttpClientName"/> and the query target over the container's <see cref="StreamsApplication"/>
    /// (registered by <c>AddStreams</c> of Streams.Hosting, or by the caller). Idempotent.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddStreamsQueries(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(QueryForwarder)))
        {
            return services;
        }

        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<IStoreQueryTarget>(sp => new StreamsApplicationQueryTarget(sp.GetRequiredService<StreamsApplication>()));
        services.AddSingleton<QueryForwarder>();
        return services;
    }
}
