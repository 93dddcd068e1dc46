using Confluent.Kafka;

namespace Streams.TestDriver.Simulation;

/// <summary>Whether the process of a supplier's clients has crashed: every later request of theirs fails, and nothing they do reaches the cluster.</summary>
internal sealed class ClientLifetime
{
    private volatile bool _crashed;

    public bool Crashed => _crashed;

    public void Crash() => _crashed = true;

    /// <summary>A crashed client's requests fail as a client whose brokers are all gone (librdkafka's <c>_ALL_BROKERS_DOWN</c>).</summary>
    /// <exception cref="KafkaException">The client crashed.</exception>
    public void ThrowIfCrashed()
    {
        if (_crashed)
        {
            throw new KafkaException(new Error(ErrorCode.Local_AllBrokersDown, "The in-memory client crashed (InMemoryKafkaClientSupplier.Crash)", isFatal: true));
        }
    }
}
