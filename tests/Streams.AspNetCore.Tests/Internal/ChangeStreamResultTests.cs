using System.Net;
using System.Text.Json;
using Streams.AspNetCore.Tests.Support;
using Streams.Queries;

namespace Streams.AspNetCore.Tests.Internal;

/// <summary>Change streams (server-sent events): framing, ids, order, filtering, proxying from the owner, merging, ends.</summary>
public sealed class ChangeStreamResultTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    private static StoreChange<string, long> Change(string key, long value, int partition = 0, long timestamp = 1_000) =>
        new("counts", partition, key, value, false, timestamp);

    private static async Task<(HttpResponseMessage Response, SseReader Reader)> SubscribeAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return (response, new SseReader(await response.Content.ReadAsStreamAsync(cancellationToken)));
    }

    [Fact]
    public async Task A_key_subscription_frames_each_change_as_one_event_with_a_fresh_id_in_order()
    {
        using var cts = new CancellationTokenSource(s_wait);
        await using var server = await QueryServer.StartAsync();
        var (response, reader) = await SubscribeAsync(server.Client, "stores/counts/keys/alice/changes", cts.Token);

        server.Target.Changes.Push(Change("alice", 1, partition: 3, timestamp: 1_000));
        server.Target.Changes.Push(Change("bob", 5));
        server.Target.Changes.Push(Change("alice", 2, partition: 3, timestamp: 2_000));
        server.Target.Changes.Push(new StoreChange<string, long>("counts", 3, "alice", default, true, 3_000));
        var frames = await reader.ReadAsync(3, cts.Token);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        response.Headers.CacheControl!.NoCache.Should().BeTrue();
        frames.Select(f => f.Id).Should().Equal("1", "2", "3");
        frames.Should().OnlyContain(f => f.Event == "change");
        frames[0].Data.Should().Be("""{"store":"counts","key":"alice","value":1,"deleted":false,"timestamp":1000,"partition":3}""");
        frames[1].Data.Should().Be("""{"store":"counts","key":"alice","value":2,"deleted":false,"timestamp":2000,"partition":3}""");
        frames[2].Data.Should().Be("""{"store":"counts","key":"alice","value":null,"deleted":true,"timestamp":3000,"partition":3}""");
    }

    [Fact]
    public async Task A_key_subscription_at_a_non_owner_is_proxied_from_the_owner()
    {
        using var cts = new CancellationTokenSource(s_wait);
        var (a, b) = await QueryServer.StartPairAsync();
        await using var _ = a;
        await using var __ = b;
        QueryServer.SplitKeys(a, b);
        var (response, reader) = await SubscribeAsync(b.Client, "stores/counts/keys/alice/changes", cts.Token);

        b.Target.Changes.Subscribers.Should().Be(0, "the non-owner does not observe its own store");
        a.Target.Changes.Subscribers.Should().Be(1);
        b.Target.Changes.Push(Change("alice", 100)); // a stale local change on the non-owner is not delivered
        for (var i = 1; i <= 5; i++)
        {
            a.Target.Changes.Push(Change("alice", i));
        }

        var frames = await reader.ReadAsync(5, cts.Token);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        frames.Select(f => f.Id).Should().Equal("1", "2", "3", "4", "5");
        frames.Select(f => JsonDocument.Parse(f.Data).RootElement.GetProperty("value").GetInt64()).Should().Equal(1, 2, 3, 4, 5);
    }

    [Fact]
    public async Task A_range_subscription_merges_the_changes_of_every_instance_within_the_inclusive_bounds()
    {
        using var cts = new CancellationTokenSource(s_wait);
        var (a, b) = await QueryServer.StartPairAsync();
        await using var _ = a;
        await using var __ = b;
        var (response, reader) = await SubscribeAsync(a.Client, "stores/counts/changes?from=b&to=d", cts.Token);

        a.Target.Changes.Subscribers.Should().Be(1);
        b.Target.Changes.Subscribers.Should().Be(1, "b's local stream is merged in");
        a.Target.Changes.Push(Change("a", 1)); // below the range
        a.Target.Changes.Push(Change("b", 2)); // the lower bound is inclusive
        var first = await reader.ReadAsync(1, cts.Token);
        b.Target.Changes.Push(Change("d", 4)); // the upper bound is inclusive
        b.Target.Changes.Push(Change("da", 5)); // above the range
        b.Target.Changes.Push(Change("c", 3));
        var next = await reader.ReadAsync(2, cts.Token);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        first.Concat(next).Select(f => JsonDocument.Parse(f.Data).RootElement.GetProperty("key").GetString()).Should().Equal("b", "d", "c");
        first.Concat(next).Select(f => f.Id).Should().Equal("1", "2", "3");
    }

    [Fact]
    public async Task A_local_scope_range_subscription_observes_only_this_instance()
    {
        using var cts = new CancellationTokenSource(s_wait);
        var (a, b) = await QueryServer.StartPairAsync();
        await using var _ = a;
        await using var __ = b;

        var (response, reader) = await SubscribeAsync(a.Client, "stores/counts/changes?scope=local", cts.Token);
        a.Target.Changes.Push(Change("x", 1));
        var frames = await reader.ReadAsync(1, cts.Token);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        b.Target.Changes.Subscribers.Should().Be(0);
        frames.Should().ContainSingle();
    }

    [Fact]
    public async Task The_stream_ends_when_the_store_stops_pushing_changes()
    {
        using var cts = new CancellationTokenSource(s_wait);
        await using var server = await QueryServer.StartAsync();
        var (_, reader) = await SubscribeAsync(server.Client, "stores/counts/changes", cts.Token);

        server.Target.Changes.Push(Change("k", 1));
        server.Target.Changes.Complete();

        (await reader.ReadAsync(cts.Token)).Should().NotBeNull();
        (await reader.ReadAsync(cts.Token)).Should().BeNull("the application stopped, so the stream ends");
    }

    [Fact]
    public async Task The_merged_stream_ends_when_another_instance_shuts_down()
    {
        using var cts = new CancellationTokenSource(s_wait);
        var (a, b) = await QueryServer.StartPairAsync();
        await using var _ = a;
        var (_, reader) = await SubscribeAsync(a.Client, "stores/counts/changes", cts.Token);

        await b.DisposeAsync(); // b ends its streams on shutdown instead of holding the host open
        var frame = await reader.ReadAsync(cts.Token);

        frame.Should().BeNull("a stream missing an instance's changes must not go on silently; the client re-subscribes");
        a.Target.Changes.Subscribers.Should().Be(0);
    }

    [Fact]
    public async Task A_subscription_the_store_refuses_answers_503_before_any_event()
    {
        await using var server = await QueryServer.StartAsync();
        server.Target.StoreFailure = new InvalidStateStoreException("Store 'counts' is not a key-value store.");

        var response = await server.Client.GetAsync("stores/counts/keys/k/changes");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.Should().NotBeNull();
        (await response.Content.ReadAsStringAsync()).Should().Contain("not a key-value store");
    }

    [Fact]
    public async Task A_range_subscription_answers_503_when_another_instance_cannot_be_reached()
    {
        await using var server = await QueryServer.StartAsync();
        var closed = await KeyValueStoreEndpointTests.ClosedPortAsync();
        server.Target.Instances.Add(FakeQueryTarget.Instance(server.Host, "counts"));
        server.Target.Instances.Add(FakeQueryTarget.Instance(closed, "counts"));

        var response = await server.Client.GetAsync("stores/counts/changes");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).Should().Contain($"{closed}");
        server.Target.Changes.Subscribers.Should().Be(0, "the local subscription is released");
    }

    [Fact]
    public async Task Leaving_the_stream_releases_the_store_subscription()
    {
        using var cts = new CancellationTokenSource(s_wait);
        await using var server = await QueryServer.StartAsync();
        var (response, _) = await SubscribeAsync(server.Client, "stores/counts/keys/k/changes", cts.Token);
        server.Target.Changes.Subscribers.Should().Be(1);

        response.Dispose();
        while (server.Target.Changes.Subscribers > 0)
        {
            server.Target.Changes.Push(Change("k", 1)); // writing to the closed connection surfaces the abort
            await Task.Delay(20, cts.Token);
        }

        server.Target.Changes.Subscribers.Should().Be(0);
    }
}
