using System.Diagnostics;
using Confluent.Kafka;
using Streams.EmbeddedKafka;

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

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after <see cref="Wait"/>.</summary>
    protected static async Task WaitUntil(Func<bool> condition, Func<string> what)
    {
        var started = Stopwatch.StartNew();
        while (!condition())
        {
            if (started.Elapsed > Wait)
            {
                throw new TimeoutException($"Timed out after {Wait} waiting until {what()}.");
            }

            await Task.Delay(50);
        }
    }
}
