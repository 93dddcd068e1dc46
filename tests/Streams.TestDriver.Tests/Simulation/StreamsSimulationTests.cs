using Confluent.Kafka;
using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Simulation;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>
/// <see cref="StreamsSimulation"/>, the multi-partition, multi-instance test mode: a groupBy + count over 4 partitions
/// on 3 instances under exactly-once, with caching and a commit interval, one instance crashed and restarted on a wiped
/// state directory, one stopped: every word's committed count is its count in the input, never repeated.
/// </summary>
public sealed class StreamsSimulationTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("streams-simulation-").FullName;

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    [Fact]
    public async Task Three_instances_one_crashed_and_restarted_wiped_one_stopped_count_exactly_once()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("words", 4);
        cluster.CreateTopic("counts", 2);
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        var sent = 0;
        var input = new InMemoryKafkaClientSupplier(cluster).GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig()));
        void Produce(int n)
        {
            for (var i = 0; i < n; i++, sent++)
            {
                var word = $"w{sent % 9}";
                input.Produce("words", new Message<byte[], byte[]> { Key = Serdes.String.Serialize($"k{sent}", default)!, Value = Serdes.String.Serialize(word, default)! });
                expected[word] = expected.GetValueOrDefault(word) + 1;
            }
        }

        bool Counted(InMemoryKafkaCluster c)
        {
            var latest = WordCounting.LatestCounts(c);
            return expected.All(kv => latest.GetValueOrDefault(kv.Key) == kv.Value);
        }

        await using (var simulation = new StreamsSimulation(cluster, () => WordCounting.Topology(), "simulation-count", _stateRoot, options =>
        {
            options.ProcessingGuarantee = ProcessingGuarantee.ExactlyOnceV2;
            options.CommitInterval = TimeSpan.FromMilliseconds(50);
            options.Consumer = new ConsumerConfig { SessionTimeoutMs = 1_000 };
            options.Producer = new ProducerConfig { TransactionTimeoutMs = 400 };
        }))
        {
            await simulation.StartInstanceAsync();
            await simulation.StartInstanceAsync();
            var third = await simulation.StartInstanceAsync();
            simulation.Instances.Should().Equal("i0", "i1", "i2");
            Produce(60);
            cluster.WaitUntil(Counted, s_wait).Should().BeTrue("three instances count the first batch");

            Produce(30);
            await simulation.CrashAsync(third);
            Produce(30);
            (await simulation.RestartAsync(third, wipeState: true)).Should().Be("i3");
            Produce(30);
            (await simulation.StopInstanceAsync("i0")).Should().BeNull("a graceful stop ends without an error");
            Produce(30);
            cluster.WaitUntil(Counted, s_wait).Should().BeTrue($"the crash, the restart and the stop lose nothing; got {string.Join(", ", WordCounting.LatestCounts(cluster).Select(kv => $"{kv.Key}={kv.Value}"))}");
            simulation.Instances.Should().Equal("i1", "i3");
            simulation["i1"].Error.Should().BeNull();
        }

        var last = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in cluster.CommittedRecords("counts"))
        {
            var word = Serdes.String.Deserialize(r.Key, false, default)!;
            var count = Serdes.Int64.Deserialize(r.Value, false, default);
            count.Should().BeGreaterThan(last.GetValueOrDefault(word), $"exactly-once: {word}'s committed counts rise strictly");
            last[word] = count;
        }

        last.Should().BeEquivalentTo(expected);
        input.Dispose();
    }

    /// <summary>
    /// The deterministic mode: the same seed gives the same interleaving (trace hash) and the same history (every record of
    /// every topic, with its offset and transaction fate), crash and restart on kept state included; another seed does not.
    /// </summary>
    [Fact]
    public async Task A_deterministic_simulation_replays_its_seed()
    {
        var first = await DeterministicRunAsync(42, "first");
        var again = await DeterministicRunAsync(42, "again");
        var other = await DeterministicRunAsync(43, "other");
        again.Should().Be(first);
        other.Trace.Should().NotBe(first.Trace);
        first.Steps.Should().BeGreaterThan(100);
    }

    private async Task<(string Trace, string History, long Steps)> DeterministicRunAsync(int seed, string name)
    {
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        var sent = 0;
        await using var simulation = StreamsSimulation.CreateDeterministic(seed, () => WordCounting.Topology(), "deterministic-count", Path.Combine(_stateRoot, name), options =>
        {
            options.ProcessingGuarantee = ProcessingGuarantee.ExactlyOnceV2;
            options.CommitInterval = TimeSpan.FromMilliseconds(50);
            options.Consumer = new ConsumerConfig { SessionTimeoutMs = 1_000 };
            options.Producer = new ProducerConfig { TransactionTimeoutMs = 400 };
        });
        var cluster = simulation.Cluster;
        cluster.CreateTopic("words", 4);
        cluster.CreateTopic("counts", 2);
        using var input = new InMemoryKafkaClientSupplier(cluster).GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig { EnableIdempotence = true }));
        void Produce(int n)
        {
            for (var i = 0; i < n; i++, sent++)
            {
                var word = $"w{sent % 7}";
                input.Produce("words", new Message<byte[], byte[]> { Key = Serdes.String.Serialize($"k{sent}", default)!, Value = Serdes.String.Serialize(word, default)! });
                expected[word] = expected.GetValueOrDefault(word) + 1;
            }
        }

        bool Counted(InMemoryKafkaCluster c)
        {
            var latest = WordCounting.LatestCounts(c);
            return expected.All(kv => latest.GetValueOrDefault(kv.Key) == kv.Value);
        }

        await simulation.StartInstanceAsync();
        var second = await simulation.StartInstanceAsync();
        Produce(40);
        simulation.RunUntil(Counted, 200_000).Should().BeTrue("two instances count the first batch");
        Produce(20);
        simulation.RunUntil(_ => false, 40); // the crash lands wherever the seed has the threads then
        await simulation.CrashAsync(second);
        await simulation.RestartAsync(second, wipeState: false);
        Produce(20);
        simulation.RunUntil(Counted, 200_000).Should().BeTrue($"the crash and the restart lose nothing; got {string.Join(", ", WordCounting.LatestCounts(cluster).Select(kv => $"{kv.Key}={kv.Value}"))}");
        var trace = simulation.TraceHash!;
        var steps = simulation.Steps;
        return (trace, SimulationChecks.HistoryHash(cluster, "deterministic-count"), steps);
    }
}
