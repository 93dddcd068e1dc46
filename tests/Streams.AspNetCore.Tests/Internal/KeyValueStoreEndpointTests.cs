using System.Net;
using System.Text.Json;
using Streams.AspNetCore.Tests.Support;
using Streams.Queries;

namespace Streams.AspNetCore.Tests.Internal;

public sealed class KeyValueStoreEndpointTests
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task A_key_this_instance_owns_is_read_locally_from_its_partition()
    {
        await using var server = await QueryServer.StartAsync();
        server.Target.Ownership = _ => FakeQueryTarget.OwnedBy(server.Host, partition: 2);
        server.Target.Counts.Data["alice"] = 3;

        var response = await server.Client.GetAsync("stores/counts/keys/alice");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"store":"counts","key":"alice","value":3}""");
        response.Headers.GetValues(StreamsQueryHeaders.ServedBy).Should().Equal(server.Host.ToString());
        server.Target.StoreReads.Should().Equal(("counts", 2));
    }

    [Fact]
    public async Task A_key_another_instance_owns_is_forwarded_to_it_and_its_answer_relayed()
    {
        var (a, b) = await QueryServer.StartPairAsync();
        await using var _ = a;
        await using var __ = b;
        QueryServer.SplitKeys(a, b);
        a.Target.Counts.Data["alice"] = 7;
        b.Target.Counts.Data["alice"] = 999; // a stale copy on the non-owner must not be read

        var response = await b.Client.GetAsync("stores/counts/keys/alice");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"store":"counts","key":"alice","value":7}""");
        response.Headers.GetValues(StreamsQueryHeaders.ServedBy).Should().Equal(a.Host.ToString());
        b.Target.StoreReads.Should().BeEmpty();
        a.Target.StoreReads.Should().Equal(("counts", 0));
    }

    [Fact]
    public async Task Keys_are_url_decoded_before_parsing()
    {
        await using var server = await QueryServer.StartAsync();
        server.Target.Counts.Data["new york"] = 5;

        var body = await server.Client.GetStringAsync("stores/counts/keys/new%20york");

        body.Should().Contain("\"key\":\"new york\"").And.Contain("\"value\":5");
    }

    [Fact]
    public async Task A_missing_key_answers_404_also_when_forwarded()
    {
        var (a, b) = await QueryServer.StartPairAsync();
        await using var _ = a;
        await using var __ = b;
        QueryServer.SplitKeys(a, b);

        var local = await a.Client.GetAsync("stores/counts/keys/absent");
        var forwarded = await a.Client.GetAsync("stores/counts/keys/bob");

        local.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ProblemAsync(local)).GetProperty("detail").GetString().Should().Contain("'absent'");
        forwarded.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ProblemAsync(forwarded)).GetProperty("detail").GetString().Should().Contain("'bob'");
        b.Target.StoreReads.Should().ContainSingle();
    }

    [Fact]
    public async Task A_forwarded_request_is_never_forwarded_again_but_refused_with_503()
    {
        var (a, b) = await QueryServer.StartPairAsync();
        await using var _ = a;
        await using var __ = b;
        a.Target.Ownership = _ => FakeQueryTarget.OwnedBy(b.Host); // mid-rebalance: each believes the other owns the key
        b.Target.Ownership = _ => FakeQueryTarget.OwnedBy(a.Host);

        var response = await a.Client.GetAsync("stores/counts/keys/k");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        (await ProblemAsync(response)).GetProperty("detail").GetString().Should().Contain($"forwarded to {b.Host}").And.Contain($"its owner is {a.Host}");
        a.Target.StoreReads.Should().BeEmpty();
        b.Target.StoreReads.Should().BeEmpty();
    }

    [Fact]
    public async Task A_request_marked_as_forwarded_for_a_local_key_is_answered()
    {
        await using var server = await QueryServer.StartAsync();
        server.Target.Counts.Data["k"] = 1;
        using var request = new HttpRequestMessage(HttpMethod.Get, "stores/counts/keys/k");
        request.Headers.Add(StreamsQueryHeaders.Forwarded, "10.0.0.1:1");

        var response = await server.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_key_no_instance_owns_answers_503_with_retry_after()
    {
        await using var server = await QueryServer.StartAsync(configure: q => q.RetryAfter = TimeSpan.FromMilliseconds(2500));
        server.Target.Ownership = _ => new KeyQueryMetadata(HostInfo.Unavailable, new HashSet<HostInfo>(), -1);

        var response = await server.Client.GetAsync("stores/counts/keys/k");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(3), "Retry-After is whole seconds, rounded up");
        (await ProblemAsync(response)).GetProperty("detail").GetString().Should().Contain("No instance hosts");
    }

    [Fact]
    public async Task An_invalid_state_store_answers_503_with_its_message()
    {
        await using var server = await QueryServer.StartAsync();
        server.Target.StoreFailure = new InvalidStateStoreException("Store 'counts' is restoring.");

        var response = await server.Client.GetAsync("stores/counts/keys/k");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.Should().NotBeNull();
        var problem = await ProblemAsync(response);
        problem.GetProperty("status").GetInt32().Should().Be(503);
        problem.GetProperty("detail").GetString().Should().Be("Store 'counts' is restoring.");
    }

    [Fact]
    public async Task Metadata_that_cannot_be_read_answers_503()
    {
        await using var server = await QueryServer.StartAsync();
        server.Target.MetadataFailure = new InvalidStateStoreException("The application is not running.");

        var response = await server.Client.GetAsync("stores/counts/keys/k");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await ProblemAsync(response)).GetProperty("detail").GetString().Should().Be("The application is not running.");
    }

    [Fact]
    public async Task An_owner_that_cannot_be_reached_answers_503()
    {
        await using var server = await QueryServer.StartAsync();
        var closed = await ClosedPortAsync();
        server.Target.Ownership = _ => FakeQueryTarget.OwnedBy(closed);

        var response = await server.Client.GetAsync("stores/counts/keys/k");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.Should().NotBeNull();
        (await ProblemAsync(response)).GetProperty("detail").GetString().Should().Contain($"{closed}").And.Contain("could not be reached");
    }

    [Fact]
    public async Task A_key_the_parser_refuses_answers_400()
    {
        await using var server = await QueryServer.StartAsync();

        var response = await server.Client.GetAsync("stores/by-id/keys/abc");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ProblemAsync(response)).GetProperty("detail").GetString().Should().Contain("'abc' is not a key of this store");
    }

    [Fact]
    public async Task A_range_concatenates_every_instance_part_in_host_order_with_inclusive_bounds()
    {
        var (a, b) = await QueryServer.StartPairAsync();
        await using var _ = a;
        await using var __ = b;
        foreach (var (key, value) in new[] { ("a", 1L), ("c", 3L), ("e", 5L) })
        {
            a.Target.Counts.Data[key] = value;
        }

        foreach (var (key, value) in new[] { ("b", 2L), ("d", 4L), ("f", 6L) })
        {
            b.Target.Counts.Data[key] = value;
        }

        var (first, second) = string.CompareOrdinal(a.Host.ToString(), b.Host.ToString()) < 0 ? (a, b) : (b, a);

        var all = await a.Client.GetStringAsync("stores/counts/keys");
        var range = await b.Client.GetStringAsync("stores/counts/keys?from=b&to=e");
        var fromOnly = await b.Client.GetStringAsync("stores/counts/keys?from=e");

        Keys(all).Should().Equal(first.Target.Counts.Data.Keys.Concat(second.Target.Counts.Data.Keys));
        Keys(range).Should().Equal(first.Target.Counts.Data.Keys.Concat(second.Target.Counts.Data.Keys).Where(k => string.CompareOrdinal(k, "b") >= 0 && string.CompareOrdinal(k, "e") <= 0));
        Keys(fromOnly).Should().BeEquivalentTo("e", "f");
        all.Should().Contain("""{"key":"a","value":1}""");
    }

    [Fact]
    public async Task A_local_scope_range_returns_only_this_instance_part()
    {
        var (a, b) = await QueryServer.StartPairAsync();
        await using var _ = a;
        await using var __ = b;
        a.Target.Counts.Data["a"] = 1;
        b.Target.Counts.Data["b"] = 2;

        var local = await a.Client.GetAsync("stores/counts/keys?scope=local");

        Keys(await local.Content.ReadAsStringAsync()).Should().Equal("a");
        local.Headers.GetValues(StreamsQueryHeaders.ServedBy).Should().Equal(a.Host.ToString());
        b.Target.StoreReads.Should().BeEmpty();
    }

    [Fact]
    public async Task A_range_answers_503_when_one_instance_part_cannot_be_read()
    {
        var (a, b) = await QueryServer.StartPairAsync();
        await using var _ = a;
        await using var __ = b;
        a.Target.Counts.Data["a"] = 1;
        b.Target.StoreFailure = new InvalidStateStoreException("Store 'counts' is restoring on b.");

        var response = await a.Client.GetAsync("stores/counts/keys");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await ProblemAsync(response)).GetProperty("detail").GetString().Should().Contain($"{b.Host}").And.Contain("restoring on b");
    }

    [Fact]
    public async Task A_range_asks_only_instances_that_host_the_store_actively()
    {
        var (a, b) = await QueryServer.StartPairAsync();
        await using var _ = a;
        await using var __ = b;
        a.Target.Counts.Data["a"] = 1;
        a.Target.Instances.RemoveAll(i => i.HostInfo == b.Host);
        a.Target.Instances.Add(new StreamsMetadata(b.Host, new HashSet<string>(), new HashSet<Confluent.Kafka.TopicPartition>(), new HashSet<string> { "counts" }, new HashSet<Confluent.Kafka.TopicPartition>()));

        var all = await a.Client.GetStringAsync("stores/counts/keys");

        Keys(all).Should().Equal("a");
        b.Target.StoreReads.Should().BeEmpty("a standby-only instance is not asked");
    }

    [Fact]
    public async Task A_range_bound_the_parser_refuses_answers_400()
    {
        await using var server = await QueryServer.StartAsync();

        var response = await server.Client.GetAsync("stores/by-id/keys?from=x");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    private static List<string> Keys(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Select(e => e.GetProperty("key").GetString()!).ToList();
    }

    /// <summary>An endpoint nothing listens on: a port bound then released.</summary>
    internal static Task<HostInfo> ClosedPortAsync()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return Task.FromResult(new HostInfo("127.0.0.1", port));
    }
}
