namespace Streams.IntegrationTests.EmbeddedKafka;

/// <summary>
/// A fact that needs a real Kafka cluster (semantics librdkafka's mock cluster lacks). Runs when the
/// environment variable <c>STREAMS_TEST_KAFKA_BOOTSTRAP_SERVERS</c> names the cluster's bootstrap servers;
/// skipped otherwise.
/// </summary>
public sealed class RealKafkaFactAttribute : FactAttribute
{
    public const string Variable = "STREAMS_TEST_KAFKA_BOOTSTRAP_SERVERS";

    public RealKafkaFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            Skip = $"Needs a real Kafka cluster: set {Variable}.";
        }
    }

    public static string? BootstrapServers => Environment.GetEnvironmentVariable(Variable);
}
