using Streams.AspNetCore.Tests.Support;

namespace Streams.AspNetCore.Tests.Internal;

public sealed class SessionStoreEndpointTests
{
    [Fact]
    public async Task Fetches_every_session_of_the_key_with_inclusive_ends()
    {
        await using var server = await QueryServer.StartAsync();
        server.Target.Sessions.Sessions.Add(("alice", 0, 5_000, 2));
        server.Target.Sessions.Sessions.Add(("alice", 20_000, 20_000, 1));
        server.Target.Sessions.Sessions.Add(("bob", 0, 1_000, 9));

        var body = await server.Client.GetStringAsync("stores/sessions/keys/alice/sessions");

        body.Should().Be("""[{"start":0,"end":5000,"value":2},{"start":20000,"end":20000,"value":1}]""");
    }

    [Fact]
    public async Task With_bounds_finds_sessions_ending_at_or_after_from_and_starting_at_or_before_to()
    {
        await using var server = await QueryServer.StartAsync();
        server.Target.Sessions.Sessions.Add(("alice", 0, 5_000, 1));
        server.Target.Sessions.Sessions.Add(("alice", 10_000, 12_000, 2));
        server.Target.Sessions.Sessions.Add(("alice", 20_000, 25_000, 3));

        var endsAtFrom = await server.Client.GetStringAsync("stores/sessions/keys/alice/sessions?from=5000&to=10000");
        var endsBeforeFrom = await server.Client.GetStringAsync("stores/sessions/keys/alice/sessions?from=5001&to=19999");

        endsAtFrom.Should().Be("""[{"start":0,"end":5000,"value":1},{"start":10000,"end":12000,"value":2}]""");
        endsBeforeFrom.Should().Be("""[{"start":10000,"end":12000,"value":2}]""");
    }

    [Fact]
    public async Task A_session_fetch_for_a_key_another_instance_owns_is_forwarded()
    {
        var (a, b) = await QueryServer.StartPairAsync();
        await using var _ = a;
        await using var __ = b;
        QueryServer.SplitKeys(a, b);
        a.Target.Sessions.Sessions.Add(("ann", 0, 1, 4));

        var response = await b.Client.GetAsync("stores/sessions/keys/ann/sessions");

        (await response.Content.ReadAsStringAsync()).Should().Be("""[{"start":0,"end":1,"value":4}]""");
        response.Headers.GetValues(StreamsQueryHeaders.ServedBy).Should().Equal(a.Host.ToString());
    }
}
