using System.Net;
using Streams.AspNetCore.Tests.Support;

namespace Streams.AspNetCore.Tests.Internal;

public sealed class WindowStoreEndpointTests
{
    private const long Minute = 60_000;

    [Fact]
    public async Task Fetches_the_windows_whose_start_lies_in_the_inclusive_time_range_with_their_ends()
    {
        await using var server = await QueryServer.StartAsync();
        foreach (var start in new[] { 0, Minute, 2 * Minute, 3 * Minute })
        {
            server.Target.Windows.Data[("ORD", start)] = start / Minute + 10;
        }

        server.Target.Windows.Data[("JFK", Minute)] = 99;

        var body = await server.Client.GetStringAsync($"stores/windows/keys/ORD/windows?from={Minute}&to={2 * Minute}");

        body.Should().Be($$"""[{"start":{{Minute}},"end":{{2 * Minute}},"value":11},{"start":{{2 * Minute}},"end":{{3 * Minute}},"value":12}]""");
    }

    [Fact]
    public async Task A_window_starting_one_ms_after_to_or_before_from_is_left_out()
    {
        await using var server = await QueryServer.StartAsync();
        server.Target.Windows.Data[("ORD", Minute)] = 1;

        var after = await server.Client.GetStringAsync($"stores/windows/keys/ORD/windows?from=0&to={Minute - 1}");
        var before = await server.Client.GetStringAsync($"stores/windows/keys/ORD/windows?from={Minute + 1}");
        var at = await server.Client.GetStringAsync($"stores/windows/keys/ORD/windows?from={Minute}&to={Minute}");

        after.Should().Be("[]");
        before.Should().Be("[]");
        at.Should().Contain($"\"start\":{Minute}");
    }

    [Fact]
    public async Task Time_bounds_may_be_ISO_8601_and_default_to_all_windows()
    {
        await using var server = await QueryServer.StartAsync();
        var t = DateTimeOffset.Parse("2001-01-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        server.Target.Windows.Data[("ORD", t)] = 1;
        server.Target.Windows.Data[("ORD", t + Minute)] = 2;

        var iso = await server.Client.GetStringAsync("stores/windows/keys/ORD/windows?from=2001-01-01T10:00:00Z&to=2001-01-01T10:00:00%2B00:00");
        var all = await server.Client.GetStringAsync("stores/windows/keys/ORD/windows");

        iso.Should().Be($$"""[{"start":{{t}},"end":{{t + Minute}},"value":1}]""");
        all.Should().Contain($"\"start\":{t + Minute}");
    }

    [Fact]
    public async Task Without_a_declared_window_size_only_starts_are_reported()
    {
        await using var server = await QueryServer.StartAsync(configure: q => q.WindowStore<string, long>("sizeless", s => s, Confluent.Kafka.Serializers.Utf8));
        server.Target.Windows.Data[("ORD", 0)] = 1;

        var body = await server.Client.GetStringAsync("stores/sizeless/keys/ORD/windows");

        body.Should().Be("""[{"start":0,"value":1}]""");
    }

    [Fact]
    public async Task A_time_that_is_neither_epoch_ms_nor_ISO_8601_answers_400()
    {
        await using var server = await QueryServer.StartAsync();

        var response = await server.Client.GetAsync("stores/windows/keys/ORD/windows?from=yesterday");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("'yesterday'");
    }

    [Fact]
    public async Task A_window_fetch_for_a_key_another_instance_owns_is_forwarded_with_its_query()
    {
        var (a, b) = await QueryServer.StartPairAsync();
        await using var _ = a;
        await using var __ = b;
        QueryServer.SplitKeys(a, b);
        b.Target.Windows.Data[("bos", 0)] = 1;
        b.Target.Windows.Data[("bos", Minute)] = 2;

        var response = await a.Client.GetAsync($"stores/windows/keys/bos/windows?from={Minute}");

        (await response.Content.ReadAsStringAsync()).Should().Be($$"""[{"start":{{Minute}},"end":{{2 * Minute}},"value":2}]""");
        response.Headers.GetValues(StreamsQueryHeaders.ServedBy).Should().Equal(b.Host.ToString());
        a.Target.StoreReads.Should().BeEmpty();
    }
}
