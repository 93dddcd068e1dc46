using System.Net;
using System.Net.Sockets;
using System.Text;
using Streams.AspNetCore.Internal;
using Streams.AspNetCore.Tests.Support;

namespace Streams.AspNetCore.Tests.Internal;

public sealed class RequestTargetTests
{
    /// <summary>Sends the request target exactly as given (HttpClient would re-escape a malformed one) and returns status and body.</summary>
    private static async Task<(int Status, string Body)> RawGetAsync(QueryServer server, string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Host.Port);
        await using var stream = tcp.GetStream();
        var request = Encoding.ASCII.GetBytes($"GET {target} HTTP/1.0\r\nHost: {server.Host}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }

    [Theory]
    [InlineData("/streams/stores/counts/keys/a%ZZ")]
    [InlineData("/streams/stores/counts/keys/a%4")]
    [InlineData("/streams/stores/counts/keys/a%FF")]
    [InlineData("/streams/stores/counts/keys/%C3%28")]
    [InlineData("/streams/stores/counts/keys?from=%E0%80%80")]
    [InlineData("/streams/stores/windows/keys/x%G0/windows?from=0&to=1")]
    public async Task Malformed_percent_encoding_or_invalid_UTF8_answers_400(string target)
    {
        await using var server = await QueryServer.StartAsync();
        server.Target.Ownership = _ => FakeQueryTarget.OwnedBy(server.Host);
        server.Target.Counts.Data["a"] = 1;

        var (status, body) = await RawGetAsync(server, target);

        status.Should().Be(400);
        body.Should().Contain("\"status\":400");
        server.Target.StoreReads.Should().BeEmpty("nothing is read for a key the client did not mean");
    }

    [Fact]
    public async Task Well_formed_UTF8_keys_are_decoded_and_read()
    {
        await using var server = await QueryServer.StartAsync();
        server.Target.Ownership = _ => FakeQueryTarget.OwnedBy(server.Host);
        server.Target.Counts.Data["zürich"] = 4;

        var (status, body) = await RawGetAsync(server, "/streams/stores/counts/keys/z%C3%BCrich");

        status.Should().Be(200);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        json.RootElement.GetProperty("key").GetString().Should().Be("zürich");
        json.RootElement.GetProperty("value").GetInt64().Should().Be(4);
    }

    [Fact]
    public async Task Error_answers_do_not_echo_unbounded_input()
    {
        await using var server = await QueryServer.StartAsync();
        server.Target.Ownership = _ => FakeQueryTarget.OwnedBy(server.Host);
        var longName = new string('s', 7000);
        var longKey = new string('k', 7000);

        using var store = await server.Client.GetAsync($"stores/{longName}/keys/a");
        using var key = await server.Client.GetAsync($"stores/counts/keys/{longKey}");

        store.StatusCode.Should().Be(HttpStatusCode.NotFound);
        key.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var storeBody = await store.Content.ReadAsStringAsync();
        var keyBody = await key.Content.ReadAsStringAsync();
        storeBody.Length.Should().BeLessThan(600);
        storeBody.Should().Contain("(7000 characters)");
        keyBody.Length.Should().BeLessThan(600);
        keyBody.Should().Contain("(7000 characters)");
    }

    [Theory]
    [InlineData("/a/b?x=1&y=%20", true)]
    [InlineData("/%E2%82%AC", true)]
    [InlineData("/%", false)]
    [InlineData("/%e", false)]
    [InlineData("/%80", false)]
    [InlineData("/%ED%A0%80", false)] // an encoded UTF-16 surrogate is not UTF-8
    public void Checks_escapes_and_UTF8(string target, bool valid) =>
        (RequestTarget.Problem(target) is null).Should().Be(valid);
}
