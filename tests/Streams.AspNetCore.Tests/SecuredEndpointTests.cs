using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streams.AspNetCore.Tests.Support;

namespace Streams.AspNetCore.Tests;

/// <summary>
/// The secured setup of docs/http-endpoint.md ("Securing the endpoint"): authorization required on every mapped endpoint
/// of every instance, and forwarding either with the caller's credentials (<see cref="StreamsQueryEndpointBuilder.ForwardedRequestHeaders"/>)
/// or with a service credential of the forwarding instance (a handler on the named HttpClient).
/// </summary>
public sealed class SecuredEndpointTests
{
    private const string CallerKey = "caller-secret";
    private const string ServiceKey = "service-secret";

    private static void RequireKey(WebApplicationBuilder host)
    {
        host.Services.AddAuthentication(KeyAuthentication.Name).AddScheme<AuthenticationSchemeOptions, KeyAuthentication>(KeyAuthentication.Name, null);
        host.Services.AddAuthorization();
        host.Services.AddSingleton<SeenKeys>();
    }

    /// <summary>Two servers requiring authorization on the route group; keys starting with 'a' live on A, which holds alice = 7.</summary>
    private static async Task<(QueryServer A, QueryServer B)> StartSecuredPairAsync(Action<StreamsQueryEndpointBuilder>? configure, Action<WebApplicationBuilder> host)
    {
        var (a, b) = await QueryServer.StartPairAsync(configure, host, g => g.RequireAuthorization());
        QueryServer.SplitKeys(a, b);
        a.Target.Counts.Data["alice"] = 7;
        return (a, b);
    }

    private static async Task<HttpResponseMessage> GetAsync(QueryServer server, string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(KeyAuthentication.Name, key);
        }

        return await server.Client.SendAsync(request);
    }

    [Fact]
    public async Task Unauthorized_requests_are_refused_by_the_owner_and_by_a_non_owner()
    {
        var (a, b) = await StartSecuredPairAsync(q => q.ForwardedRequestHeaders.Add("Authorization"), RequireKey);
        await using var _ = a;
        await using var __ = b;

        using var owner = await GetAsync(a, "stores/counts/keys/alice", key: null);
        using var nonOwner = await GetAsync(b, "stores/counts/keys/alice", key: null);
        using var wrongKey = await GetAsync(b, "stores/counts/keys/alice", key: "guess");
        using var instances = await GetAsync(b, "instances", key: null);

        owner.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        nonOwner.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        wrongKey.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        instances.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        a.Target.StoreReads.Should().BeEmpty();
    }

    [Fact]
    public async Task An_authorized_request_is_answered_through_forwarding_with_the_callers_credentials()
    {
        var (a, b) = await StartSecuredPairAsync(q => q.ForwardedRequestHeaders.Add("Authorization"), RequireKey);
        await using var _ = a;
        await using var __ = b;
        b.Target.Counts.Data["bob"] = 5;

        using var forwarded = await GetAsync(b, "stores/counts/keys/alice", CallerKey);
        using var range = await GetAsync(b, "stores/counts/keys", CallerKey);

        forwarded.StatusCode.Should().Be(HttpStatusCode.OK);
        (await forwarded.Content.ReadAsStringAsync()).Should().Be("""{"store":"counts","key":"alice","value":7}""");
        forwarded.Headers.GetValues(StreamsQueryHeaders.ServedBy).Should().Equal(a.Host.ToString());
        using var entries = System.Text.Json.JsonDocument.Parse(await range.Content.ReadAsStringAsync());
        entries.RootElement.EnumerateArray().Select(e => (e.GetProperty("key").GetString(), e.GetProperty("value").GetInt64()))
            .Should().BeEquivalentTo([("alice", 7L), ("bob", 5L)], "the range merges both instances' parts");
        KeyAuthentication.SeenOn(a).Should().Contain(CallerKey);
    }

    [Fact]
    public async Task Without_forwarded_credentials_the_owner_refuses_the_forwarded_query_and_no_value_leaks()
    {
        var (a, b) = await StartSecuredPairAsync(configure: null, RequireKey);
        await using var _ = a;
        await using var __ = b;

        using var forwarded = await GetAsync(b, "stores/counts/keys/alice", CallerKey);

        forwarded.IsSuccessStatusCode.Should().BeFalse();
        (await forwarded.Content.ReadAsStringAsync()).Should().NotContain("\"value\"");
        a.Target.StoreReads.Should().BeEmpty();
    }

    [Fact]
    public async Task A_service_credential_on_the_named_client_authorizes_forwarded_queries()
    {
        static void WithServiceCredential(WebApplicationBuilder host)
        {
            RequireKey(host);
            host.Services.AddStreamsQueries();
            host.Services.AddHttpClient(StreamsQueryServiceCollectionExtensions.HttpClientName)
                .AddHttpMessageHandler(() => new ServiceKeyHandler());
        }

        var (a, b) = await StartSecuredPairAsync(configure: null, WithServiceCredential);
        await using var _ = a;
        await using var __ = b;

        using var forwarded = await GetAsync(b, "stores/counts/keys/alice", CallerKey);

        forwarded.StatusCode.Should().Be(HttpStatusCode.OK);
        forwarded.Headers.GetValues(StreamsQueryHeaders.ServedBy).Should().Equal(a.Host.ToString());
        KeyAuthentication.SeenOn(a).Should().Contain(ServiceKey).And.NotContain(CallerKey);
    }

    /// <summary>Adds this instance's own credential to every forwarded query.</summary>
    private sealed class ServiceKeyHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(KeyAuthentication.Name, ServiceKey);
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>A test scheme: <c>Authorization: Key {secret}</c> with one of two known secrets; records the keys each server saw.</summary>
    private sealed class KeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "Key";
        public static List<string> SeenOn(QueryServer server) => server.Services.GetRequiredService<SeenKeys>().All();

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith(Name + " ", StringComparison.Ordinal))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var key = header[(Name.Length + 1)..];
            Context.RequestServices.GetRequiredService<SeenKeys>().Add(key);

            return Task.FromResult(key is CallerKey or ServiceKey
                ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, key)], Name)), Name))
                : AuthenticateResult.Fail("unknown key"));
        }
    }

    /// <summary>The keys one server was shown.</summary>
    private sealed class SeenKeys
    {
        private readonly List<string> _keys = [];

        public void Add(string key)
        {
            lock (_keys)
            {
                _keys.Add(key);
            }
        }

        public List<string> All()
        {
            lock (_keys)
            {
                return [.. _keys];
            }
        }
    }
}
