using Confluent.Kafka;
using Streams.Serialization;
using Streams.TestDriver.Simulation;

namespace Streams.TestDriver.Tests.Simulation.Workloads;

/// <summary>
/// The groupBy + count of <see cref="WordCounting"/>: batches of 5 to 39 records with one of 12 words each; the reference is
/// each word's count in the input; the checker is <see cref="SeededSimulation.Check"/> (the first workload of the seeded
/// simulation, its verdicts unchanged by the workload plug).
/// </summary>
internal sealed class WordCountWorkload : ISimulationWorkload
{
    private readonly Dictionary<string, long> _expected = new(StringComparer.Ordinal);
    private int _sent;

    /// <inheritdoc />
    public string Name => "wordcount";

    /// <inheritdoc />
    public IReadOnlyList<(string Topic, int Partitions)> Topics { get; } = [(SeededSimulation.Input, SeededSimulation.InputPartitions), ("counts", 2)];

    /// <inheritdoc />
    public IReadOnlyList<string> SourceTopics { get; } = [SeededSimulation.Input];

    /// <inheritdoc />
    public bool HasQueryableStore => false;

    /// <inheritdoc />
    public Topology BuildTopology() => WordCounting.Topology(SeededSimulation.Input, "counts");

    /// <inheritdoc />
    public void Configure(StreamsOptions options)
    {
    }

    /// <inheritdoc />
    public int Prepare(Random rng, IProducer<byte[], byte[]> producer) => 0;

    /// <inheritdoc />
    public bool Ready(InMemoryKafkaCluster cluster, string applicationId) => true;

    /// <inheritdoc />
    public int Produce(Random rng, IProducer<byte[], byte[]> producer)
    {
        var n = rng.Next(5, 40);
        for (var i = 0; i < n; i++)
        {
            var word = $"w{rng.Next(12)}";
            producer.Produce(SeededSimulation.Input, new Message<byte[], byte[]> { Key = Serdes.String.Serialize($"k{_sent}", default)!, Value = Serdes.String.Serialize(word, default)!, Timestamp = new Timestamp(1_000 + _sent, TimestampType.CreateTime) });
            _expected[word] = _expected.GetValueOrDefault(word) + 1;
            _sent++;
        }

        return n;
    }

    /// <inheritdoc />
    public int ProduceFinal(Random rng, IProducer<byte[], byte[]> producer) => 0;

    /// <inheritdoc />
    public int ProgressRecords(InMemoryKafkaCluster cluster) => SeededSimulation.AllOutputRecords(cluster);

    /// <inheritdoc />
    public bool CaughtUp(InMemoryKafkaCluster cluster)
    {
        var latest = SeededSimulation.Latest(cluster, "counts");
        return _expected.All(kv => latest.GetValueOrDefault(kv.Key) >= kv.Value);
    }

    /// <inheritdoc />
    public bool CheckStore(StreamsApplication app, string when, ProcessingGuarantee guarantee, List<string> violations) => true;

    /// <inheritdoc />
    public (long Losses, long Duplicates) Check(InMemoryKafkaCluster cluster, string applicationId, ProcessingGuarantee guarantee, List<string> violations) =>
        SeededSimulation.Check(cluster, guarantee, _expected, violations);
}
