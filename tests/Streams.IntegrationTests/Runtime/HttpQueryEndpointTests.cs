using Streams.Testing;
using System.Net;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Streams.AspNetCore;
using Streams.Dsl;
using Streams.IntegrationTests.FlightDelays;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// The HTTP query endpoint (Streams.AspNetCore) over two real instances of a count application on the embedded broker,
/// each advertising its own Kestrel address as <see cref="StreamsOptions.ApplicationServer"/>: any instance answers any
/// key (locally or forwarded to the owner), and a key's change stream delivers its updates in order.
/// </summary>
[Collection(nameof(EmbeddedBrokerTests3))]
public sealed class HttpQueryEndpointTests() : EmbeddedBrokerTestBase("streams-http-")
{
    private const string Store = "word-counts";

    [Fact]
    public async Task Every_key_asked_of_either_instance_returns_its_count_and_a_key_change_stream_delivers_updates_in_order()
    {
        Cluster.CreateTopic("words", 4);
        var input = Enumerable.Range(0, 24).SelectMany(i => Enumerable.Repeat(($"w{i}", "x"), i % 4 + 1)).ToList();
        var expected = input.GroupBy(r => r.Item1).ToDictionary(g => g.Key, g => (long)g.Count());

        await using var one = await Instance.StartAsync(this, "one");
        await using var two = await Instance.StartAsync(this, "two");
        (await one.Application.WaitForStateAsync(StreamsState.Running, Wait)).Should().BeTrue();
        (await two.Application.WaitForStateAsync(StreamsState.Running, Wait)).Should().BeTrue();

        // The input comes once both instances run: had the first counted some words before the second joined, a partition
        // moving without its last offsets committed would be counted again by its new owner (at-least-once allows it; a CI
        // run under load saw w0 counted twice), and the exact counts below would not hold.
        Produce("words", input);

        // Ask every key of BOTH instances until each answers the count computed from the input (503s while the group settles).
        var answers = new Dictionary<(string Instance, string Key), long?>();
        var servedBy = new HashSet<string>();
        await Eventually.TryUntil(
            async () =>
            {
                foreach (var instance in new[] { one, two })
                {
                    foreach (var key in expected.Keys)
                    {
                        var response = await instance.Client.GetAsync($"stores/{Store}/keys/{key}");
                        if (response.StatusCode == HttpStatusCode.InternalServerError)
                        {
                            throw new InvalidOperationException($"{instance.Name} failed on {key}: {(await response.Content.ReadAsStringAsync()).Split('\n')[0]}");
                        }

                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                            answers[(instance.Name, key)] = json.RootElement.GetProperty("value").GetInt64();
                            servedBy.Add(response.Headers.GetValues(StreamsQueryHeaders.ServedBy).Single());
                        }
                    }
                }

                return AllAnswered(answers, expected);
            },
            Wait);

        foreach (var key in expected.Keys)
        {
            answers.GetValueOrDefault(("one", key)).Should().Be(expected[key], $"instance one answers {key}");
            answers.GetValueOrDefault(("two", key)).Should().Be(expected[key], $"instance two answers {key}");
        }

        servedBy.Should().BeEquivalentTo(new[] { one.Host, two.Host }, "both instances own some of the 4 partitions, so some answers are forwarded");

        // A key's change stream, asked of the instance that does NOT own it, delivers the owner's updates in order.
        const string key1 = "w1";
        using var metadata = JsonDocument.Parse(await one.Client.GetStringAsync($"stores/{Store}/metadata/{key1}"));
        var owner = metadata.RootElement.GetProperty("activeHost").GetString();
        var asked = owner == one.Host ? two : one;
        using var cts = new CancellationTokenSource(Wait);
        using var stream = await asked.Client.GetAsync($"stores/{Store}/keys/{key1}/changes", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        stream.StatusCode.Should().Be(HttpStatusCode.OK);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cts.Token));
        Produce("words", [(key1, "x"), (key1, "x"), (key1, "x")]);

        var values = new List<long>();
        var ids = new List<string>();
        while (values.Count < 3 && await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                ids.Add(line[4..]);
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using var change = JsonDocument.Parse(line[6..]);
                change.RootElement.GetProperty("key").GetString().Should().Be(key1);
                values.Add(change.RootElement.GetProperty("value").GetInt64());
            }
        }

        values.Should().Equal(expected[key1] + 1, expected[key1] + 2, expected[key1] + 3);
        ids.Should().Equal("1", "2", "3");
    }

    private static bool AllAnswered(Dictionary<(string Instance, string Key), long?> answers, Dictionary<string, long> expected) =>
        expected.All(e => answers.GetValueOrDefault(("one", e.Key)) == e.Value && answers.GetValueOrDefault(("two", e.Key)) == e.Value);

    /// <summary>One instance: a Kestrel server on a free port serving the endpoint, and the streams application advertising it.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        private readonly WebApplication _web;

        private Instance(string name, WebApplication web, StreamsApplication application, string host)
        {
            Name = name;
            _web = web;
            Application = application;
            Host = host;
            Client = new HttpClient { BaseAddress = new Uri($"http://{host}/streams/") };
        }

        public string Name { get; }

        public StreamsApplication Application { get; }

        public string Host { get; }

        public HttpClient Client { get; }

        public static async Task<Instance> StartAsync(HttpQueryEndpointTests test, string name)
        {
            // The advertised endpoint is the server's own address, known once Kestrel listens: the application is
            // created after the server starts and resolved from the container on the first query.
            StreamsApplication? application = null;
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Services.AddSingleton(_ => application ?? throw new InvalidOperationException("not started"));
            builder.Services.AddStreamsQueries();
            var web = builder.Build();
            web.UseDeveloperExceptionPage(); // a failure answers 500 with the exception's message, which the test reports
            web.MapStreamsQueries("/streams", q => q.KeyValueStore<string, long>(Store, s => s, Serializers.Utf8));
            await web.StartAsync();
            var port = new Uri(web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
            var host = $"127.0.0.1:{port}";

            var streams = new StreamsBuilder();
            streams.Stream<string?, string?>("words").GroupByKey().Count(Materialized<string?, long>.As(Store));
            application = new StreamsApplication(streams.Build(), new StreamsOptions
            {
                ApplicationId = "http-query",
                BootstrapServers = test.Cluster.BootstrapServers,
                StateDirectory = Path.Combine(test.StateDir, name),
                CommitInterval = TimeSpan.FromMilliseconds(200),
                StateStoreCacheMaxBytes = 0, // every update reaches the store (and the change stream) at once
                ApplicationServer = host,
                Consumer = MockBrokerGroup.Consumer(),
            });
            // Resolved now, so the container owns it and disposes it (once) with the server.
            web.Services.GetRequiredService<StreamsApplication>().Should().BeSameAs(application);
            await application.StartAsync();
            return new Instance(name, web, application, host);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _web.StopAsync();
            await _web.DisposeAsync(); // disposes the application
        }
    }
}
