using Confluent.Kafka;
using Streams.Dsl;
using Streams.IntegrationTests.FlightDelays;
using Streams.Queries;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// Instance metadata for interactive queries against the embedded broker, as Kafka Streams'
/// <c>queryMetadataForKey</c> and <c>metadataForAllStreamsClients</c>: instances announce their endpoints and tasks
/// on <c>{applicationId}-metadata</c> and each answers which instance hosts a key.
/// </summary>
[Collection(nameof(EmbeddedBrokerTests3))]
public sealed class InstanceMetadataTests() : EmbeddedBrokerTestBase("streams-metadata-")
{
    private const string Input = "words";

    // Keys are located on a topic with the input's partition count, not on the input itself: the instances then have
    // nothing to commit when the group rebalances (the mock cluster refuses commits in the middle of a rebalance, which
    // is not what these tests are about), and the default partitioner puts a key on the same partition of either topic.
    private const string Located = "located";
    private const string Store = "counts";
    private static readonly HostInfo s_hostA = new("localhost", 7001);
    private static readonly HostInfo s_hostB = new("localhost", 7002);
    private static readonly int[] s_allPartitions = [0, 1, 2, 3];

    [Fact]
    public async Task Two_instances_agree_on_the_owner_of_every_key_and_the_survivor_owns_everything_after_the_other_stops()
    {
        Cluster.CreateTopic(Input, 4);
        Cluster.CreateTopic(Located, 4);
        var written = await ProduceAndLocate(Enumerable.Range(0, 40).Select(i => $"key-{i}"));
        written.Values.Distinct().Should().HaveCount(4, "the keys must span every partition for the test to mean anything");

        await using var a = await Start(s_hostA, "a");
        await using var b = await Start(s_hostB, "b");
        Instance[] both = [a, b];
        await WaitUntil(() => both.All(i => i.SeesWhatRuns(both)), () => "both instances see both hosts owning what their stream threads run: " + string.Join(" / ", both.Select(i => i.Describe())));

        foreach (var (key, partition) in written)
        {
            var fromA = a.App.QueryMetadataForKey(Store, key, Serializers.Utf8);
            var fromB = b.App.QueryMetadataForKey(Store, key, Serializers.Utf8);
            fromA.Should().BeEquivalentTo(fromB, $"both instances answer the same for {key}");
            fromA.Partition.Should().Be(partition, $"{key} was written to partition {partition} of a topic with the input's partition count by the murmur2 producer");
            both.Single(i => i.Endpoint == fromA.ActiveHost).RunningPartitions().Should().Contain(partition, "the named host's stream thread runs the key's partition");
        }

        var clients = a.App.MetadataForAllStreamsClients();
        clients.Select(c => c.HostInfo).Should().BeEquivalentTo([s_hostA, s_hostB]);
        var owned = clients.Select(c => PartitionsOf(c).ToList()).ToList();
        owned.Should().AllSatisfy(p => p.Should().NotBeEmpty());
        owned.SelectMany(p => p).Should().BeEquivalentTo(s_allPartitions, "the owners' task sets are disjoint and cover every partition");
        clients.Should().AllSatisfy(c => c.StateStoreNames.Should().BeEquivalentTo([Store]));
        b.App.StreamsMetadataForStore(Store).Select(m => m.HostInfo).Should().BeEquivalentTo([s_hostA, s_hostB]);

        await b.App.StopAsync();

        await WaitUntil(
            () => a.App.MetadataForAllStreamsClients().ToList() is [var only] && only.HostInfo == s_hostA && PartitionsOf(only).SequenceEqual(s_allPartitions),
            () => "the survivor owns every partition and the stopped instance is gone: " + a.Describe());
        written.Keys.Select(k => a.App.QueryMetadataForKey(Store, k, Serializers.Utf8).ActiveHost).Should().AllBeEquivalentTo(s_hostA);
    }

    [Fact]
    public async Task An_instance_without_an_endpoint_answers_from_what_the_others_announce()
    {
        Cluster.CreateTopic(Input, 4);
        Cluster.CreateTopic(Located, 4);
        var written = await ProduceAndLocate(Enumerable.Range(0, 20).Select(i => $"key-{i}"));

        await using var announcing = await Start(s_hostA, "announcing");
        await using var silent = await Start(null, "silent");
        Instance[] both = [announcing, silent];
        await WaitUntil(
            () => both.All(i => i.App.State == StreamsState.Running) && announcing.RunningPartitions().Count is > 0 and < 4 && silent.SeesWhatRuns(both),
            () => "the instances split the partitions and the one without an endpoint sees the other's: " + string.Join(" / ", both.Select(i => i.Describe())));

        silent.App.MetadataForAllStreamsClients().Select(c => c.HostInfo).Should().Equal([s_hostA], "an instance without an endpoint is not listed");
        foreach (var (key, partition) in written)
        {
            var metadata = silent.App.QueryMetadataForKey(Store, key, Serializers.Utf8);
            metadata.Partition.Should().Be(partition);
            metadata.ActiveHost.Should().Be(
                announcing.RunningPartitions().Contains(partition) ? s_hostA : HostInfo.Unavailable, "a partition run by an instance without an endpoint has no known host");
        }

        FluentActions.Invoking(() => silent.App.QueryMetadataForKey("no-such-store", "x", Serializers.Utf8)).Should().Throw<InvalidStateStoreException>().WithMessage("*no-such-store*");
    }

    private static IEnumerable<int> PartitionsOf(StreamsMetadata metadata) => metadata.TopicPartitions.Where(tp => tp.Topic == Input).Select(tp => tp.Partition.Value).Order();

    private async Task<Instance> Start(HostInfo? endpoint, string name)
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>(Input).GroupByKey().Count(Materialized<string, long>.As(Store));
        var app = new StreamsApplication(builder.Build(), new StreamsOptions
        {
            ApplicationId = "meta",
            BootstrapServers = Cluster.BootstrapServers,
            StateDirectory = Directory.CreateDirectory(Path.Combine(StateDir, name)).FullName,
            CommitInterval = TimeSpan.FromMilliseconds(200),
            ApplicationServer = endpoint?.ToString(),
            Consumer = MockBrokerGroup.Consumer(),
        });
        await app.StartAsync();
        return new Instance(app, endpoint);
    }

    /// <summary>Produces the keys with the murmur2 partitioner, as Kafka Streams' producers partition, to a 4-partition topic and returns where each landed.</summary>
    private async Task<Dictionary<string, int>> ProduceAndLocate(IEnumerable<string> keys)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = Cluster.BootstrapServers, Partitioner = Partitioner.Murmur2Random }).Build();
        var result = new Dictionary<string, int>();
        foreach (var key in keys)
        {
            var delivery = await producer.ProduceAsync(Located, new Message<string, string> { Key = key, Value = "v" });
            result[key] = delivery.Partition.Value;
        }

        return result;
    }

    /// <summary>One running instance and the endpoint it advertises (null: none).</summary>
    private sealed record Instance(StreamsApplication App, HostInfo? Endpoint) : IAsyncDisposable
    {
        /// <summary>The input partitions this instance's stream thread runs now.</summary>
        public List<int> RunningPartitions() =>
            [.. App.Progress.Partitions.Where(p => p.Partition.Topic == Input).Select(p => p.Partition.Partition.Value).Order()];

        /// <summary>
        /// Whether this instance is running and its metadata names, for every instance with an endpoint, exactly the
        /// partitions that instance's stream thread runs.
        /// </summary>
        public bool SeesWhatRuns(IEnumerable<Instance> all)
        {
            if (App.State != StreamsState.Running)
            {
                return false;
            }

            try
            {
                var clients = App.MetadataForAllStreamsClients();
                var announcing = all.Where(i => i.Endpoint is not null).ToList();
                return clients.Count == announcing.Count
                    && announcing.All(i => clients.SingleOrDefault(c => c.HostInfo == i.Endpoint) is { } c && PartitionsOf(c).SequenceEqual(i.RunningPartitions()));
            }
            catch (InvalidStateStoreException)
            {
                return false;
            }
        }

        public string Describe()
        {
            string clients;
            try
            {
                clients = string.Join("; ", App.MetadataForAllStreamsClients().Select(c => $"{c.HostInfo}=[{string.Join(",", PartitionsOf(c))}]"));
            }
            catch (InvalidStateStoreException e)
            {
                clients = e.Message;
            }

            return $"{Endpoint} {App.State} {App.Error} runs [{string.Join(",", RunningPartitions())}] sees {clients}";
        }

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
