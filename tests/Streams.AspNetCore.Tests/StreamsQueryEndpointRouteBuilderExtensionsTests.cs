using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Streams.AspNetCore.Tests.Support;
using Streams.Dsl;
using Streams.Queries;

namespace Streams.AspNetCore.Tests;

public sealed class StreamsQueryEndpointRouteBuilderExtensionsTests
{
    private static TopologyDescription CountTopology()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("words").GroupByKey().Count(Materialized<string?, long>.As("counts")).ToStream().To("counts-out");
        return builder.Build().Describe();
    }

    [Fact]
    public async Task Serves_the_topology_as_Kafka_text_Mermaid_and_Graphviz_DOT()
    {
        var description = CountTopology();
        await using var server = await QueryServer.StartAsync(new FakeQueryTarget { Description = description });

        var text = await server.Client.GetAsync("topology");
        var mermaid = await server.Client.GetAsync("topology.mmd");
        var dot = await server.Client.GetAsync("topology.dot");

        (await text.Content.ReadAsStringAsync()).Should().Be(description.ToString()).And.Contain("counts");
        text.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        (await mermaid.Content.ReadAsStringAsync()).Should().Be(description.ToMermaid()).And.StartWith("flowchart LR");
        (await dot.Content.ReadAsStringAsync()).Should().Be(description.ToDot());
        dot.Content.Headers.ContentType!.MediaType.Should().Be("text/vnd.graphviz");
    }

    [Fact]
    public async Task Lists_every_instance_with_its_stores_and_partitions_and_marks_the_local_one()
    {
        var (a, b) = await QueryServer.StartPairAsync();
        await using var _ = a;
        await using var __ = b;

        using var json = JsonDocument.Parse(await b.Client.GetStringAsync("instances"));

        var instances = json.RootElement.EnumerateArray().ToList();
        instances.Select(i => i.GetProperty("host").GetString()).Should().Equal(new[] { a.Host.ToString(), b.Host.ToString() }.Order(StringComparer.Ordinal));
        instances.Single(i => i.GetProperty("local").GetBoolean()).GetProperty("host").GetString().Should().Be(b.Host.ToString());
        instances[0].GetProperty("stores").EnumerateArray().Select(s => s.GetString()).Should().Equal("counts", "sessions", "windows");
        instances[0].GetProperty("partitions")[0].GetProperty("topic").GetString().Should().Be("in");
        instances[0].GetProperty("partitions")[0].GetProperty("partition").GetInt32().Should().Be(0);
        instances[0].GetProperty("standbyStores").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Key_metadata_names_the_active_host_the_standbys_and_the_partition()
    {
        await using var server = await QueryServer.StartAsync();
        var standby = new HostInfo("10.0.0.9", 7000);
        server.Target.Ownership = key => new KeyQueryMetadata(new HostInfo("10.0.0.8", 7000), new HashSet<HostInfo> { standby }, key.Length);

        using var json = JsonDocument.Parse(await server.Client.GetStringAsync("stores/counts/metadata/abc"));

        json.RootElement.GetProperty("store").GetString().Should().Be("counts");
        json.RootElement.GetProperty("key").GetString().Should().Be("abc");
        json.RootElement.GetProperty("activeHost").GetString().Should().Be("10.0.0.8:7000");
        json.RootElement.GetProperty("standbyHosts").EnumerateArray().Select(h => h.GetString()).Should().Equal("10.0.0.9:7000");
        json.RootElement.GetProperty("partition").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Key_metadata_reports_no_active_host_while_the_key_is_unowned()
    {
        await using var server = await QueryServer.StartAsync();
        server.Target.Ownership = _ => new KeyQueryMetadata(HostInfo.Unavailable, new HashSet<HostInfo>(), -1);

        using var json = JsonDocument.Parse(await server.Client.GetStringAsync("stores/counts/metadata/k"));

        json.RootElement.GetProperty("activeHost").ValueKind.Should().Be(JsonValueKind.Null);
        json.RootElement.GetProperty("partition").GetInt32().Should().Be(-1);
    }

    [Fact]
    public async Task An_undeclared_store_answers_404_with_problem_details_naming_the_declared_ones()
    {
        await using var server = await QueryServer.StartAsync();

        var response = await server.Client.GetAsync("stores/nope/keys/a");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("status").GetInt32().Should().Be(404);
        json.RootElement.GetProperty("detail").GetString().Should().Contain("'nope'").And.Contain("by-id, counts, sessions, windows");
    }

    [Theory]
    [InlineData("stores/counts/keys/a/windows", "key-value")]
    [InlineData("stores/counts/keys/a/sessions", "key-value")]
    [InlineData("stores/windows/keys/a", "window")]
    [InlineData("stores/windows/keys", "window")]
    [InlineData("stores/windows/changes", "window")]
    [InlineData("stores/sessions/keys/a/changes", "session")]
    [InlineData("stores/sessions/keys/a/windows", "session")]
    public async Task An_operation_the_store_kind_does_not_offer_answers_404(string path, string kind)
    {
        await using var server = await QueryServer.StartAsync();

        var response = await server.Client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Contain($"as a {kind} store");
        server.Target.StoreReads.Should().BeEmpty();
    }

    [Fact]
    public async Task Mapping_without_AddStreamsQueries_fails_with_a_message_naming_it()
    {
        var builder = WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();

        var map = () => app.MapStreamsQueries("/streams", QueryServer.DeclareStores);

        map.Should().Throw<InvalidOperationException>().WithMessage("*AddStreamsQueries*");
    }

    [Fact]
    public async Task Declaring_a_store_twice_fails()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddStreamsQueries();
        await using var app = builder.Build();

        var map = () => app.MapStreamsQueries("/streams", q => q.KeyValueStore<string, long>("counts", s => s, Confluent.Kafka.Serializers.Utf8).KeyValueStore<string, long>("counts", s => s, Confluent.Kafka.Serializers.Utf8));

        map.Should().Throw<ArgumentException>().WithMessage("*'counts'*already declared*");
    }

    [Theory]
    [InlineData("ftp", 10, 1, 1)]
    [InlineData("http", 0, 1, 1)]
    [InlineData("http", 10, 0, 1)]
    [InlineData("http", 10, 1, 0)]
    public async Task Out_of_range_settings_are_refused_when_mapping(string scheme, int timeoutSeconds, int retryAfterSeconds, int maxPending)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddStreamsQueries();
        await using var app = builder.Build();

        var map = () => app.MapStreamsQueries("/streams", q =>
        {
            q.ForwardingScheme = scheme;
            q.ForwardingTimeout = TimeSpan.FromSeconds(timeoutSeconds);
            q.RetryAfter = TimeSpan.FromSeconds(retryAfterSeconds);
            q.MaxPendingChanges = maxPending;
        });

        map.Should().Throw<ArgumentException>();
    }
}
