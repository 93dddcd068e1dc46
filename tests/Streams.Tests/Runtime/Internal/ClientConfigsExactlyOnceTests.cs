using Confluent.Kafka;
using Streams.Runtime.Internal;

namespace Streams.Tests.Runtime.Internal;

public class ClientConfigsExactlyOnceTests
{
    private static readonly Guid s_processId = Guid.Parse("6f1c2a57-3c1e-4d5e-9a0b-1c2d3e4f5a6b");

    [Fact]
    public void The_transactional_id_is_application_process_and_thread_index_as_Kafka_Streams_eos_v2()
    {
        ClientConfigs.TransactionalId("orders", s_processId, 3).Should().Be("orders-6f1c2a57-3c1e-4d5e-9a0b-1c2d3e4f5a6b-3");
    }

    [Fact]
    public void Under_exactly_once_the_producer_is_transactional_with_a_10_second_transaction_timeout()
    {
        var config = ClientConfigs.Producer(Options(ProcessingGuarantee.ExactlyOnceV2), "p", "orders-x-1");

        config.TransactionalId.Should().Be("orders-x-1");
        config.TransactionTimeoutMs.Should().Be(10_000);
    }

    [Fact]
    public void A_transaction_timeout_set_by_the_user_is_kept()
    {
        var options = Options(ProcessingGuarantee.ExactlyOnceV2);
        options.Producer = new ProducerConfig { TransactionTimeoutMs = 30_000 };

        ClientConfigs.Producer(options, "p", "orders-x-1").TransactionTimeoutMs.Should().Be(30_000);
    }

    [Fact]
    public void Under_at_least_once_the_producer_is_not_transactional()
    {
        var config = ClientConfigs.Producer(Options(ProcessingGuarantee.AtLeastOnce), "p", "orders-x-1");

        config.TransactionalId.Should().BeNull();
        config.TransactionTimeoutMs.Should().BeNull();
    }

    [Fact]
    public void Under_exactly_once_every_consumer_reads_committed_even_when_the_user_chose_otherwise()
    {
        var options = Options(ProcessingGuarantee.ExactlyOnceV2);
        options.Consumer = new ConsumerConfig { IsolationLevel = IsolationLevel.ReadUncommitted };

        ClientConfigs.MainConsumer(options, "c").IsolationLevel.Should().Be(IsolationLevel.ReadCommitted);
        ClientConfigs.AssignOnlyConsumer(options, "restore").IsolationLevel.Should().Be(IsolationLevel.ReadCommitted);
    }

    [Fact]
    public void Under_at_least_once_the_users_isolation_level_is_kept()
    {
        var options = Options(ProcessingGuarantee.AtLeastOnce);
        options.Consumer = new ConsumerConfig { IsolationLevel = IsolationLevel.ReadUncommitted };

        ClientConfigs.MainConsumer(options, "c").IsolationLevel.Should().Be(IsolationLevel.ReadUncommitted);
        ClientConfigs.AssignOnlyConsumer(options, "restore").IsolationLevel.Should().Be(IsolationLevel.ReadUncommitted);
    }

    private static StreamsOptions Options(ProcessingGuarantee guarantee) =>
        new() { ApplicationId = "orders", BootstrapServers = "broker:9092", ProcessingGuarantee = guarantee };
}
