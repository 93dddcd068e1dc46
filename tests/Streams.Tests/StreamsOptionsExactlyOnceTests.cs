using Confluent.Kafka;

namespace Streams.Tests;

public class StreamsOptionsExactlyOnceTests
{
    [Fact]
    public void The_guarantee_is_at_least_once_by_default_with_a_30_second_commit_interval()
    {
        var options = new StreamsOptions();

        options.ProcessingGuarantee.Should().Be(ProcessingGuarantee.AtLeastOnce);
        options.CommitInterval.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Exactly_once_commits_every_100_ms_unless_the_interval_was_set_explicitly()
    {
        var options = new StreamsOptions { ProcessingGuarantee = ProcessingGuarantee.ExactlyOnceV2 };
        options.CommitInterval.Should().Be(TimeSpan.FromMilliseconds(100));

        options.CommitInterval = TimeSpan.FromSeconds(2);
        options.CommitInterval.Should().Be(TimeSpan.FromSeconds(2));

        // Explicit even when set before the guarantee, and even when equal to the at-least-once default.
        var explicitFirst = new StreamsOptions { CommitInterval = TimeSpan.FromSeconds(30), ProcessingGuarantee = ProcessingGuarantee.ExactlyOnceV2 };
        explicitFirst.CommitInterval.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Exactly_once_refuses_a_user_transactional_id_and_disabled_idempotence()
    {
        var withId = Valid();
        withId.Producer = new ProducerConfig { TransactionalId = "mine" };
        withId.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithMessage("*transactional.id*");

        var notIdempotent = Valid();
        notIdempotent.Producer = new ProducerConfig { EnableIdempotence = false };
        notIdempotent.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithMessage("*enable.idempotence*");

        Valid().Invoking(o => o.Validate()).Should().NotThrow();
    }

    [Fact]
    public void An_undefined_guarantee_is_refused()
    {
        var options = Valid();
        options.ProcessingGuarantee = (ProcessingGuarantee)7;

        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithMessage("*ProcessingGuarantee*");
    }

    private static StreamsOptions Valid() =>
        new() { ApplicationId = "app", BootstrapServers = "broker:9092", ProcessingGuarantee = ProcessingGuarantee.ExactlyOnceV2 };
}
