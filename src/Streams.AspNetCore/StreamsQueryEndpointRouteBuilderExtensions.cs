using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Streams.AspNetCore.Internal;
using Streams.Queries;

namespace Streams.AspNetCore;

/// <summary>Maps the HTTP query endpoint of a <see cref="StreamsApplication"/> (interactive and push queries, topology pictures).</summary>
public static class StreamsQueryEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, under <paramref name="prefix"/>, GET endpoints that answer queries of the application's state stores from
    /// any instance, in the manner of Kafka Streams' interactive queries with an RPC layer: a key's query is answered
    /// locally when this instance runs the key's active task (per
    /// <see cref="StreamsApplication.QueryMetadataForKey{TKey}"/> compared with
    /// <see cref="StreamsOptions.ApplicationServer"/>) and otherwise forwarded once to the owner.
    /// </summary>
    /// <remarks>
    /// <para>Endpoints (all GET; JSON via System.Text.Json; errors as problem details; see docs/http-endpoint.md):</para>
    /// <list type="bullet">
    /// <item><c>topology</c> (text, as Kafka's <c>TopologyDescription</c>), <c>topology.mmd</c> (Mermaid), <c>topology.dot</c> (Graphviz DOT).</item>
    /// <item><c>instances</c>: every instance (<see cref="StreamsApplication.MetadataForAllStreamsClients"/>).</item>
    /// <item><c>stores/{store}/metadata/{key}</c>: the key's active host, standbys and partition.</item>
    /// <item><c>stores/{store}/keys/{key}</c>: a key-value store's value (404 when absent).</item>
    /// <item><c>stores/{store}/keys?from=&amp;to=</c>: a key-value range, merged from every instance (<c>scope=local</c>: this one's part).</item>
    /// <item><c>stores/{store}/keys/{key}/windows?from=&amp;to=</c> and <c>…/sessions?from=&amp;to=</c>: window and session fetches.</item>
    /// <item><c>stores/{store}/keys/{key}/changes</c> and <c>stores/{store}/changes?from=&amp;to=</c>: server-sent events of changes.</item>
    /// </list>
    /// <para>
    /// Status codes: 400 for a key or time the store's parser refuses; 404 for an undeclared store, a missing key, or an
    /// operation the store's kind does not offer; 503 with <c>Retry-After</c> while the store cannot answer
    /// (<see cref="InvalidStateStoreException"/>: rebalancing, restoring, stopped) or the owner cannot be reached.
    /// Requires <see cref="StreamsQueryServiceCollectionExtensions.AddStreamsQueries"/>.
    /// </para>
    /// </remarks>
    /// <param name="endpoints">The application's route builder (e.g. the <c>WebApplication</c>).</param>
    /// <param name="prefix">The route prefix, e.g. <c>/streams</c>; every instance must use the same one, as queries are forwarded to the same path.</param>
    /// <param name="configure">Declares the stores served and the settings (<see cref="StreamsQueryEndpointBuilder"/>).</param>
    /// <returns>The route group, to add conventions (authorization, rate limiting, tags) to every endpoint.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A setting is out of range (the message names it).</exception>
    /// <exception cref="InvalidOperationException"><see cref="StreamsQueryServiceCollectionExtensions.AddStreamsQueries"/> was not called.</exception>
    public static RouteGroupBuilder MapStreamsQueries(this IEndpointRouteBuilder endpoints, string prefix, Action<StreamsQueryEndpointBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(configure);
        if (endpoints.ServiceProvider.GetService<QueryForwarder>() is null)
        {
            throw new InvalidOperationException("MapStreamsQueries needs its services: call services.AddStreamsQueries() (Streams.AspNetCore) when building the host.");
        }

        var builder = new StreamsQueryEndpointBuilder();
        configure(builder);
        builder.Validate();
        var settings = QuerySettings.From(builder);
        var stores = builder.Stores;

        var group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter(async (context, next) =>
            RequestTarget.Problem(context.HttpContext) is { } problem ? ProblemResults.BadRequest(problem) : await next(context).ConfigureAwait(false));
        group.MapGet("/topology", (HttpContext http) => Text(http, q => q.Target.Describe().ToString(), "text/plain; charset=utf-8", settings));
        group.MapGet("/topology.mmd", (HttpContext http) => Text(http, q => q.Target.Describe().ToMermaid(), "text/plain; charset=utf-8", settings));
        group.MapGet("/topology.dot", (HttpContext http) => Text(http, q => q.Target.Describe().ToDot(), "text/vnd.graphviz; charset=utf-8", settings));
        group.MapGet("/instances", (HttpContext http) => Instances(new QueryRequest(http, settings)));
        group.MapGet("/stores/{store}/metadata/{key}", (HttpContext http, string store, string key) =>
            Dispatch(stores, store, s => Task.FromResult(s.Metadata(new QueryRequest(http, settings), key))));
        group.MapGet("/stores/{store}/keys", (HttpContext http, string store) =>
            Dispatch(stores, store, s => s.RangeAsync(new QueryRequest(http, settings))));
        group.MapGet("/stores/{store}/keys/{key}", (HttpContext http, string store, string key) =>
            Dispatch(stores, store, s => s.GetAsync(new QueryRequest(http, settings), key)));
        group.MapGet("/stores/{store}/keys/{key}/windows", (HttpContext http, string store, string key) =>
            Dispatch(stores, store, s => s.WindowsAsync(new QueryRequest(http, settings), key)));
        group.MapGet("/stores/{store}/keys/{key}/sessions", (HttpContext http, string store, string key) =>
            Dispatch(stores, store, s => s.SessionsAsync(new QueryRequest(http, settings), key)));
        group.MapGet("/stores/{store}/keys/{key}/changes", (HttpContext http, string store, string key) =>
            Dispatch(stores, store, s => s.KeyChangesAsync(new QueryRequest(http, settings), key)));
        group.MapGet("/stores/{store}/changes", (HttpContext http, string store) =>
            Dispatch(stores, store, s => s.RangeChangesAsync(new QueryRequest(http, settings))));
        return group;
    }

    private static Task<IResult> Dispatch(IReadOnlyDictionary<string, StoreEndpoint> stores, string store, Func<StoreEndpoint, Task<IResult>> handle) =>
        stores.TryGetValue(store, out var endpoint)
            ? handle(endpoint)
            : Task.FromResult(ProblemResults.NotFound($"Store '{RequestTarget.Echo(store)}' is not served by this endpoint (declared: {string.Join(", ", stores.Keys.Order(StringComparer.Ordinal))})."));

    private static IResult Text(HttpContext http, Func<QueryRequest, string> render, string contentType, QuerySettings settings) =>
        TypedResults.Text(render(new QueryRequest(http, settings)), contentType);

    private static IResult Instances(QueryRequest request)
    {
        var instances = request.Target.MetadataForAllStreamsClients()
            .OrderBy(m => m.HostInfo.ToString(), StringComparer.Ordinal)
            .Select(m => new InstanceAnswer(
                m.HostInfo.ToString(),
                m.HostInfo == request.LocalHost,
                [.. m.StateStoreNames.Order(StringComparer.Ordinal)],
                Partitions(m.TopicPartitions),
                [.. m.StandbyStateStoreNames.Order(StringComparer.Ordinal)],
                Partitions(m.StandbyTopicPartitions)))
            .ToList();
        return request.Json(instances);
    }

    private static List<PartitionAnswer> Partitions(IEnumerable<Confluent.Kafka.TopicPartition> partitions) =>
        [.. partitions.OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value).Select(p => new PartitionAnswer(p.Topic, p.Partition.Value))];
}
