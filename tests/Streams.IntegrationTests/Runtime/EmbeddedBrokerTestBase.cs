using System.Runtime.CompilerServices;
using Streams.Testing;
using Confluent.Kafka;
using Streams.EmbeddedKafka;
using Streams.IntegrationTests.Support;

namespace Streams.IntegrationTests.Runtime;

/// <summary>One embedded broker and one temporary state directory per test, and string records produced with Java's partitioner.</summary>
public abstract class EmbeddedBrokerTestBase : IDisposable
{
    /// <summary>The bound of every wait in these tests.</summary>
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    protected EmbeddedBrokerTestBase(string stateDirPrefix) => StateDir = Directory.CreateTempSubdirectory(stateDirPrefix).FullName;

    protected string StateDir { get; }

    protected EmbeddedKafkaCluster Cluster { get; } = EmbeddedKafkaCluster.Start();

    public void Dispose()
    {
        Cluster.Dispose();
        Directory.Delete(StateDir, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Produces string records at timestamp 1,000 with the murmur2 partitioner, as Kafka Streams' producers partition.</summary>
    protected void Produce(string topic, IEnumerable<(string Key, string Value)> records)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = Cluster.BootstrapServers, Partitioner = Partitioner.Murmur2Random }).Build();
        foreach (var (k, v) in records)
        {
            producer.Produce(topic, new Message<string, string> { Key = k, Value = v, Timestamp = new Timestamp(1_000, TimestampType.CreateTime) });
        }

        producer.Flush(Wait).Should().Be(0);
    }

    /// <summary>Waits until <paramref name="condition"/> holds, at most <see cref="Wait"/> (see <see cref="Eventually.Until"/>).</summary>
    protected static Task WaitUntil(Func<bool> condition, Func<string> what) => Eventually.Until(condition, what, Wait);

    /// <summary>Waits until <paramref name="condition"/> holds, at most <see cref="Wait"/>; the timeout names the caller's expression.</summary>
    protected static Task WaitUntil(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string what = "") =>
        Eventually.Until(condition, () => what, Wait);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, at most <see cref="Wait"/>, and fails at once when
    /// <paramref name="app"/> enters Error (with its error).
    /// </summary>
    protected static Task WaitUntil(StreamsApplication app, Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string what = "") =>
        Eventually.Until(condition, () => what, Wait, () => app.State == StreamsState.Error ? $"The application failed while waiting until {what}: {app.Error}" : null);

    /// <summary>The end offset (high watermark) of <paramref name="partition"/> on the embedded broker.</summary>
    protected long EndOffset(TopicPartition partition)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = "inspector" }).Build();
        return consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value;
    }

    /// <summary>The offset a task checkpoint file (Kafka's format: version, count, then "topic partition offset" lines) holds for <paramref name="topic"/>.</summary>
    protected static long ReadCheckpoint(string path, string topic)
    {
        var entry = File.ReadAllLines(path).Skip(2).Select(l => l.Split(' ')).Single(p => p[0] == topic);
        return long.Parse(entry[2], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Moves <paramref name="clock"/> one second on (past a 1 s or shorter commit interval) and waits until the application committed.</summary>
    protected static async Task CommitAndWait(StreamsApplication app, ManualClock clock)
    {
        var before = app.Progress.Commits;
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(app, () => app.Progress.Commits > before);
    }
}
