using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Streams.Queries;

namespace Streams.AspNetCore.Internal;

/// <summary>One HTTP query: the request, the local application and the endpoint's settings.</summary>
internal sealed class QueryRequest
{
    public QueryRequest(HttpContext http, QuerySettings settings)
    {
        Http = http;
        Settings = settings;
        Target = http.RequestServices.GetRequiredService<IStoreQueryTarget>();
        Forwarder = http.RequestServices.GetRequiredService<QueryForwarder>();
        LocalHost = Target.LocalHost;
    }

    public HttpContext Http { get; }

    public QuerySettings Settings { get; }

    public IStoreQueryTarget Target { get; }

    public QueryForwarder Forwarder { get; }

    /// <summary>This instance's advertised endpoint, or null (then every query is answered locally).</summary>
    public HostInfo? LocalHost { get; }

    /// <summary>The request came from another instance: answer locally or refuse, never forward again.</summary>
    public bool IsForwarded => Http.Request.Headers.ContainsKey(StreamsQueryHeaders.Forwarded);

    /// <summary><c>?scope=local</c>: this instance's part of a range only.</summary>
    public bool IsLocalScope => string.Equals(Http.Request.Query["scope"], "local", StringComparison.OrdinalIgnoreCase);

    public bool IsLocal(HostInfo host) => LocalHost is null || host == LocalHost;

    public string? Query(string name) => Http.Request.Query[name] is { Count: > 0 } v ? v[0] : null;

    /// <summary>Marks the answer as read here (<see cref="StreamsQueryHeaders.ServedBy"/>).</summary>
    public void MarkServedLocally()
    {
        if (LocalHost is not null)
        {
            Http.Response.Headers[StreamsQueryHeaders.ServedBy] = LocalHost.ToString();
        }
    }

    public IResult Json<T>(T body) => TypedResults.Json(body, Settings.JsonOptions);
}
