using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Streams.AspNetCore.Internal;
using Streams.Queries;

namespace Streams.AspNetCore.Tests.Support;

/// <summary>A real Kestrel server on 127.0.0.1 (a free port) serving the query endpoint at /streams over a fake target.</summary>
internal sealed class QueryServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private QueryServer(WebApplication app, FakeQueryTarget target, HostInfo host)
    {
        _app = app;
        Target = target;
        Host = host;
        Client = new HttpClient { BaseAddress = new Uri($"http://{host}/streams/") };
    }

    public FakeQueryTarget Target { get; }

    public HostInfo Host { get; }

    /// <summary>The server's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>A client whose relative URIs resolve under <c>/streams/</c>.</summary>
    public HttpClient Client { get; }

    /// <summary>The stores every test server serves: counts (string to long), windows (1-minute windows), sessions, by-id (int keys).</summary>
    public static void DeclareStores(StreamsQueryEndpointBuilder q) => q
        .KeyValueStore<string, long>("counts", s => s, Serializers.Utf8)
        .KeyValueStore<int, string>("by-id", s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture), Serializers.Int32)
        .WindowStore<string, long>("windows", s => s, Serializers.Utf8, TimeSpan.FromMinutes(1))
        .SessionStore<string, long>("sessions", s => s, Serializers.Utf8);

    public static async Task<QueryServer> StartAsync(
        FakeQueryTarget? target = null, Action<StreamsQueryEndpointBuilder>? configure = null, Action<WebApplicationBuilder>? hostSetup = null, Action<RouteGroupBuilder>? group = null)
    {
        target ??= new FakeQueryTarget();
        var builder = WebApplication.CreateSlimBuilder();
        hostSetup?.Invoke(builder);
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IStoreQueryTarget>(target);
        builder.Services.AddStreamsQueries();
        var app = builder.Build();
        var routes = app.MapStreamsQueries("/streams", q =>
        {
            DeclareStores(q);
            configure?.Invoke(q);
        });
        group?.Invoke(routes);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var host = new HostInfo("127.0.0.1", address.Port);
        target.LocalHost = host;
        return new QueryServer(app, target, host);
    }

    /// <summary>Two servers that both know both instances (each hosting the given stores).</summary>
    public static async Task<(QueryServer A, QueryServer B)> StartPairAsync(
        Action<StreamsQueryEndpointBuilder>? configure = null, Action<WebApplicationBuilder>? host = null, Action<RouteGroupBuilder>? group = null)
    {
        var a = await StartAsync(configure: configure, hostSetup: host, group: group);
        var b = await StartAsync(configure: configure, hostSetup: host, group: group);
        foreach (var server in new[] { a, b })
        {
            server.Target.Instances.Add(FakeQueryTarget.Instance(a.Host, "counts", "windows", "sessions"));
            server.Target.Instances.Add(FakeQueryTarget.Instance(b.Host, "counts", "windows", "sessions"));
        }

        return (a, b);
    }

    /// <summary>Both instances agree that keys starting with 'a' live on A and all others on B.</summary>
    public static void SplitKeys(QueryServer a, QueryServer b)
    {
        a.Target.Ownership = b.Target.Ownership = key => FakeQueryTarget.OwnedBy(key.StartsWith('a') ? a.Host : b.Host, key.StartsWith('a') ? 0 : 1);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
