using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Simulation;
using Streams.Testing;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>
/// The seeded simulation lost records under exactly-once with transaction.timeout.ms above session.timeout.ms (seeds 22,
/// 30, 40, 50 of its first runs; docs/reliability.md): the application now warns at construction (event 2084).
/// </summary>
public sealed class TransactionTimeoutWarningTests
{
    [Theory]
    [InlineData(ProcessingGuarantee.ExactlyOnceV2, 60_000, null, true)]      // above the default session timeout (45 s)
    [InlineData(ProcessingGuarantee.ExactlyOnceV2, 2_000, 300, true)]        // the simulation's first, inverted settings
    [InlineData(ProcessingGuarantee.ExactlyOnceV2, null, null, false)]       // the defaults: 10 s against 45 s
    [InlineData(ProcessingGuarantee.ExactlyOnceV2, 500, 1_500, false)]
    [InlineData(ProcessingGuarantee.AtLeastOnce, 60_000, 300, false)]        // no transactions
    public async Task A_transaction_timeout_not_below_the_session_timeout_is_warned_about_under_exactly_once(ProcessingGuarantee guarantee, int? transactionTimeoutMs, int? sessionTimeoutMs, bool warned)
    {
        using var provider = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(provider));
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed<string, string>.With(Serdes.String!, Serdes.String!)).To("out", Produced<string, string>.With(Serdes.String!, Serdes.String!));
        var cluster = new InMemoryKafkaCluster();
        await using var app = new StreamsApplication(builder.Build(), new StreamsOptions
        {
            ApplicationId = "txn-timeout-warning",
            BootstrapServers = cluster.BootstrapServers,
            ProcessingGuarantee = guarantee,
            ClientSupplier = new InMemoryKafkaClientSupplier(cluster),
            Producer = new ProducerConfig { TransactionTimeoutMs = transactionTimeoutMs },
            Consumer = new ConsumerConfig { SessionTimeoutMs = sessionTimeoutMs },
            LoggerFactory = loggerFactory,
        });

        provider.Entries.Any(e => e.EventId.Id == 2084 && e.Level == LogLevel.Warning).Should().Be(warned);
    }
}
