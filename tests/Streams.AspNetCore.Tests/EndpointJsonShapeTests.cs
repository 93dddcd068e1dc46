using System.Text;
using Streams.AspNetCore.Tests.Support;
using Streams.Queries;

namespace Streams.AspNetCore.Tests;

/// <summary>
/// The JSON a client of <c>/streams</c> parses, one answer of each kind, against a committed snapshot
/// (<c>Snapshots/EndpointJsonShapeTests.*.verified.txt</c>): a renamed property, a changed time format or status code
/// shows as a reviewed diff. Each answer's semantics are asserted in the endpoint's own tests.
/// </summary>
public sealed class EndpointJsonShapeTests
{
    private const long Minute = 60_000;

    [Fact]
    public async Task Every_answer_kind()
    {
        var (first, second) = await QueryServer.StartPairAsync();
        await using var _ = first;
        await using var __ = second;

        // Instances are listed, and ranges merged, in host order: the owner is the one listed first, so the text is stable.
        var (a, b) = string.CompareOrdinal(first.Host.ToString(), second.Host.ToString()) < 0 ? (first, second) : (second, first);
        QueryServer.SplitKeys(a, b);
        a.Target.Counts.Data["alice"] = 3;
        b.Target.Counts.Data["bob"] = 5;
        a.Target.Windows.Data[("alice", Minute)] = 11;
        a.Target.Windows.Data[("alice", 2 * Minute)] = 12;
        a.Target.Sessions.Sessions.Add(("alice", Minute, 2 * Minute, 4));
        b.Target.Ownership = key => key.StartsWith('a')
            ? new KeyQueryMetadata(a.Host, new HashSet<HostInfo> { new("10.0.0.9", 7000) }, 0)
            : FakeQueryTarget.OwnedBy(b.Host, 1);

        var shapes = new StringBuilder();
        foreach (var path in new[]
        {
            "instances",
            "stores/counts/metadata/alice",
            "stores/counts/keys/alice",
            "stores/counts/keys/nobody",
            "stores/counts/keys",
            $"stores/windows/keys/alice/windows?from=0&to={3 * Minute}",
            "stores/sessions/keys/alice/sessions",
            "stores/nope/keys/a",
            "stores/windows/keys/alice",
        })
        {
            using var response = await b.Client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            shapes.Append("GET ").Append(path).Append(" -> ").Append((int)response.StatusCode).Append(' ')
                .Append(response.Content.Headers.ContentType?.MediaType).Append('\n').Append(body).Append("\n\n");
        }

        // The two servers listen on free ports: name them by role.
        var text = shapes.ToString().Replace(a.Host.ToString(), "{owner}", StringComparison.Ordinal).Replace(b.Host.ToString(), "{asked}", StringComparison.Ordinal);
        await Verify(text).UseDirectory("Snapshots");
    }
}
