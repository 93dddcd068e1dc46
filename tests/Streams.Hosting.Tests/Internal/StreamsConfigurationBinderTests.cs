using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Streams.Errors;
using Streams.Hosting.Internal;

namespace Streams.Hosting.Tests.Internal;

public class StreamsConfigurationBinderTests
{
    [Fact]
    public void Binds_every_streaming_setting()
    {
        var (options, errors) = Bind(new()
        {
            ["Streams:ApplicationId"] = "orders-app",
            ["Streams:BootstrapServers"] = "broker1:9092,broker2:9092",
            ["Streams:StateDirectory"] = "/var/lib/streams",
            ["Streams:CommitInterval"] = "00:00:05",
            ["Streams:StateStoreCacheMaxBytes"] = "1048576",
            ["Streams:PollTimeout"] = "00:00:00.250",
            ["Streams:MaxPollRecords"] = "500",
            ["Streams:NumStreamThreads"] = "3",
            ["Streams:NumStandbyReplicas"] = "2",
            ["Streams:TaskAssignment"] = "Range",
            ["Streams:InternalTopicCreationTimeout"] = "00:00:10",
            ["Streams:FlushTimeout"] = "00:02:00",
            ["Streams:ConsumerCloseTimeout"] = "00:00:45",
            ["Streams:DeserializationExceptionHandler"] = "LogAndContinue",
        });

        errors.Should().BeEmpty();
        options.ApplicationId.Should().Be("orders-app");
        options.BootstrapServers.Should().Be("broker1:9092,broker2:9092");
        options.StateDirectory.Should().Be("/var/lib/streams");
        options.CommitInterval.Should().Be(TimeSpan.FromSeconds(5));
        options.StateStoreCacheMaxBytes.Should().Be(1_048_576);
        options.PollTimeout.Should().Be(TimeSpan.FromMilliseconds(250));
        options.MaxPollRecords.Should().Be(500);
        options.NumStreamThreads.Should().Be(3);
        options.NumStandbyReplicas.Should().Be(2);
        options.TaskAssignment.Should().Be(TaskAssignmentStrategy.Range);
        options.InternalTopicCreationTimeout.Should().Be(TimeSpan.FromSeconds(10));
        options.FlushTimeout.Should().Be(TimeSpan.FromMinutes(2));
        options.ConsumerCloseTimeout.Should().Be(TimeSpan.FromSeconds(45));
        options.DeserializationExceptionHandler.Should().BeSameAs(LogAndContinueExceptionHandler.Instance);
    }

    [Fact]
    public void GroupProtocol_is_bound_and_group_protocol_in_the_consumer_section_is_refused()
    {
        var (options, errors) = Bind(new() { ["Streams:ApplicationId"] = "a", ["Streams:GroupProtocol"] = "Consumer" });

        errors.Should().BeEmpty();
        options.GroupProtocol.Should().Be(GroupProtocol.Consumer);

        var (_, refused) = Bind(new() { ["Streams:ApplicationId"] = "a", ["Streams:Consumer:group.protocol"] = "consumer" });
        refused.Should().ContainSingle().Which.Should().Contain("GroupProtocol");
    }

    [Fact]
    public void Keys_are_case_insensitive_and_missing_keys_keep_the_defaults()
    {
        var (options, errors) = Bind(new() { ["Streams:applicationid"] = "a", ["Streams:deserializationExceptionHandler"] = "logandfail" });

        errors.Should().BeEmpty();
        options.ApplicationId.Should().Be("a");
        var defaults = new StreamsOptions();
        options.CommitInterval.Should().Be(defaults.CommitInterval);
        options.StateStoreCacheMaxBytes.Should().Be(defaults.StateStoreCacheMaxBytes);
        options.NumStreamThreads.Should().Be(1);
        options.NumStandbyReplicas.Should().Be(0);
        options.TaskAssignment.Should().Be(TaskAssignmentStrategy.CooperativeSticky);
        options.GroupProtocol.Should().Be(GroupProtocol.Classic);
        options.StateDirectory.Should().Be(defaults.StateDirectory);
        options.DeserializationExceptionHandler.Should().BeSameAs(LogAndFailExceptionHandler.Instance);
        options.Consumer.Should().BeEmpty();
        options.Producer.Should().BeEmpty();
        options.Admin.Should().BeEmpty();
    }

    [Fact]
    public void Client_sections_copy_librdkafka_properties_into_the_Confluent_configs()
    {
        var (options, errors) = Bind(new()
        {
            ["Streams:Consumer:session.timeout.ms"] = "6000",
            ["Streams:Consumer:auto.offset.reset"] = "latest",
            ["Streams:Consumer:max.poll.interval.ms"] = "600000",
            ["Streams:Producer:linger.ms"] = "5",
            ["Streams:Producer:compression.type"] = "lz4",
            ["Streams:Admin:socket.timeout.ms"] = "7000",
        });

        errors.Should().BeEmpty();
        options.Consumer.Get("session.timeout.ms").Should().Be("6000");
        options.Consumer.SessionTimeoutMs.Should().Be(6000, "the typed Confluent property reads the same dictionary");
        options.Consumer.AutoOffsetReset.Should().Be(AutoOffsetReset.Latest);
        options.Consumer.MaxPollIntervalMs.Should().Be(600_000);
        options.Producer.LingerMs.Should().Be(5);
        options.Producer.CompressionType.Should().Be(CompressionType.Lz4);
        options.Admin.SocketTimeoutMs.Should().Be(7000);
        options.Producer.Get("session.timeout.ms").Should().BeNull("a consumer setting stays in the consumer config");
    }

    [Fact]
    public void The_Kafka_section_applies_to_all_three_clients_and_client_sections_override_it()
    {
        var (options, errors) = Bind(new()
        {
            // The client section comes first here: the order of the sources does not matter, Kafka applies first.
            ["Streams:Consumer:socket.timeout.ms"] = "2000",
            ["Streams:Kafka:socket.timeout.ms"] = "1000",
            ["Streams:Kafka:security.protocol"] = "sasl_ssl",
            ["Streams:Kafka:sasl.mechanism"] = "PLAIN",
            ["Streams:Kafka:sasl.username"] = "user",
        });

        errors.Should().BeEmpty();
        foreach (ClientConfig config in new ClientConfig[] { options.Consumer, options.Producer, options.Admin })
        {
            config.Get("security.protocol").Should().Be("sasl_ssl");
            config.Get("sasl.mechanism").Should().Be("PLAIN");
            config.Get("sasl.username").Should().Be("user");
        }

        options.Consumer.SocketTimeoutMs.Should().Be(2000);
        options.Producer.SocketTimeoutMs.Should().Be(1000);
        options.Admin.SocketTimeoutMs.Should().Be(1000);
    }

    [Fact]
    public void Nested_and_upper_case_keys_become_librdkafka_names_so_environment_variables_work()
    {
        // Streams__Consumer__session__timeout__ms=6000 arrives as Streams:Consumer:session:timeout:ms.
        var (options, errors) = Bind(new()
        {
            ["Streams:Consumer:session:timeout:ms"] = "6000",
            ["Streams:Producer:LINGER:MS"] = "7",
            ["Streams:Admin:DEBUG"] = "admin",
        });

        errors.Should().BeEmpty();
        options.Consumer.Get("session.timeout.ms").Should().Be("6000");
        options.Producer.Get("linger.ms").Should().Be("7");
        options.Admin.Get("debug").Should().Be("admin");
    }

    [Fact]
    public void PascalCase_keys_name_properties_of_the_Confluent_config_classes()
    {
        var (options, errors) = Bind(new()
        {
            ["Streams:Consumer:SessionTimeoutMs"] = "6000",
            ["Streams:Consumer:AutoOffsetReset"] = "Latest",
            ["Streams:Producer:EnableIdempotence"] = "true",
            ["Streams:Kafka:SecurityProtocol"] = "SaslSsl",
        });

        errors.Should().BeEmpty();
        options.Consumer.Get("session.timeout.ms").Should().Be("6000");
        options.Consumer.AutoOffsetReset.Should().Be(AutoOffsetReset.Latest);
        options.Producer.EnableIdempotence.Should().BeTrue();
        options.Admin.SecurityProtocol.Should().Be(SecurityProtocol.SaslSsl);
        options.Consumer.SecurityProtocol.Should().Be(SecurityProtocol.SaslSsl);
    }

    [Theory]
    [InlineData("Streams:CommitInterval", "soon", "Streams:CommitInterval: 'soon' is not a time span")]
    [InlineData("Streams:CommitInterval", "5000", "Streams:CommitInterval: '5000' is not a time span")]
    [InlineData("Streams:PollTimeout", "1 second", "Streams:PollTimeout: '1 second' is not a time span")]
    [InlineData("Streams:FlushTimeout", "25:99:00", "Streams:FlushTimeout: '25:99:00' is not a time span")]
    [InlineData("Streams:InternalTopicCreationTimeout", "x", "Streams:InternalTopicCreationTimeout:")]
    [InlineData("Streams:StateStoreCacheMaxBytes", "10MB", "Streams:StateStoreCacheMaxBytes: '10MB' is not a whole number")]
    [InlineData("Streams:MaxPollRecords", "3000000000", "Streams:MaxPollRecords: '3000000000' is not a whole number in the Int32 range")]
    [InlineData("Streams:DeserializationExceptionHandler", "Retry", "Streams:DeserializationExceptionHandler: 'Retry' is not a valid DeserializationExceptionHandler; expected one of LogAndFail, LogAndContinue")]
    [InlineData("Streams:TaskAssignment", "Sticky", "Streams:TaskAssignment: 'Sticky' is not a TaskAssignmentStrategy; expected one of CooperativeSticky, Range")]
    [InlineData("Streams:TaskAssignment", "1", "Streams:TaskAssignment: '1' is not a TaskAssignmentStrategy")]
    [InlineData("Streams:ComitInterval", "00:00:05", "Streams:ComitInterval: unknown setting")]
    [InlineData("Streams:ApplicationId:Name", "x", "Streams:ApplicationId: expected a single value, found a section")]
    [InlineData("Streams:Consumer", "x", "Streams:Consumer: expected a section of Kafka client properties")]
    [InlineData("Streams:Kafka:bootstrap.servers", "b:9092", "Streams:Kafka:bootstrap.servers: 'bootstrap.servers' cannot be set here: every client gets the top-level BootstrapServers; set Streams:BootstrapServers instead")]
    [InlineData("Streams:Producer:bootstrap.servers", "b:9092", "Streams:Producer:bootstrap.servers: 'bootstrap.servers' cannot be set here")]
    [InlineData("Streams:Consumer:group.id", "g", "Streams:Consumer:group.id: 'group.id' is set by the Streams runtime for the consumer (the consumer group id is the ApplicationId)")]
    [InlineData("Streams:Consumer:enable.auto.commit", "true", "Streams:Consumer:enable.auto.commit: 'enable.auto.commit' is set by the Streams runtime")]
    [InlineData("Streams:Consumer:partition.assignment.strategy", "roundrobin", "Streams:Consumer:partition.assignment.strategy: 'partition.assignment.strategy' is set by the Streams runtime")]
    [InlineData("Streams:Producer:client.id", "p", "Streams:Producer:client.id: 'client.id' is set by the Streams runtime for the producer")]
    [InlineData("Streams:Consumer:GroupId", "g", "Streams:Consumer:GroupId: 'group.id' is set by the Streams runtime")]
    [InlineData("Streams:Consumer:SessionTimeout", "6000", "Streams:Consumer:SessionTimeout: 'SessionTimeout' is not a property of Confluent's ConsumerConfig")]
    [InlineData("Streams:Consumer:SessionTimeoutMs", "six", "Streams:Consumer:SessionTimeoutMs: 'six' is not a valid ConsumerConfig.SessionTimeoutMs; expected a value of type Int32")]
    [InlineData("Streams:Consumer:AutoOffsetReset", "Oldest", "Streams:Consumer:AutoOffsetReset: 'Oldest' is not a valid ConsumerConfig.AutoOffsetReset; expected one of Latest, Earliest, Error")]
    [InlineData("Streams:Kafka:SessionTimeoutMs", "6000", "Streams:Kafka:SessionTimeoutMs: 'SessionTimeoutMs' is not a property of Confluent's ProducerConfig and AdminClientConfig, and the Kafka section applies to every client")]
    public void Invalid_values_are_reported_with_their_configuration_key(string key, string value, string expected)
    {
        var (_, errors) = Bind(new() { [key] = value });

        errors.Should().ContainSingle().Which.Should().StartWith(expected);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_and_valid_keys_are_still_bound()
    {
        var (options, errors) = Bind(new()
        {
            ["Streams:ApplicationId"] = "app",
            ["Streams:CommitInterval"] = "soon",
            ["Streams:MaxPollRecords"] = "many",
            ["Streams:Consumer:group.id"] = "g",
            ["Streams:Consumer:fetch.wait.max.ms"] = "10",
        });

        errors.Should().HaveCount(3);
        errors.Should().Contain(e => e.StartsWith("Streams:CommitInterval:", StringComparison.Ordinal))
            .And.Contain(e => e.StartsWith("Streams:MaxPollRecords:", StringComparison.Ordinal))
            .And.Contain(e => e.StartsWith("Streams:Consumer:group.id:", StringComparison.Ordinal));
        options.ApplicationId.Should().Be("app");
        options.Consumer.FetchWaitMaxMs.Should().Be(10);
    }

    [Fact]
    public void A_Kafka_section_error_is_reported_once_not_per_client()
    {
        var (_, errors) = Bind(new() { ["Streams:Kafka:bootstrap.servers"] = "b:9092" });

        errors.Should().ContainSingle();
    }

    [Fact]
    public void The_configuration_root_can_be_bound_and_its_keys_have_no_prefix()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ApplicationId"] = "root-app",
            ["CommitInterval"] = "later",
        }).Build();
        var options = new StreamsOptions();

        var errors = StreamsConfigurationBinder.Bind(configuration, options);

        options.ApplicationId.Should().Be("root-app");
        errors.Should().ContainSingle().Which.Should().StartWith("CommitInterval: 'later'");
    }

    [Fact]
    public void An_empty_value_leaves_a_typed_setting_unset()
    {
        var (options, errors) = Bind(new() { ["Streams:CommitInterval"] = "", ["Streams:MaxPollRecords"] = "" });

        errors.Should().BeEmpty();
        options.CommitInterval.Should().Be(new StreamsOptions().CommitInterval);
        options.MaxPollRecords.Should().Be(new StreamsOptions().MaxPollRecords);
    }

    [Fact]
    public void Binds_the_internal_topic_time_spans()
    {
        var (options, errors) = Bind(new() { ["Streams:WindowStoreChangelogAdditionalRetention"] = "02:00:00", ["Streams:RepartitionPurgeInterval"] = "00:00:05" });

        errors.Should().BeEmpty();
        options.WindowStoreChangelogAdditionalRetention.Should().Be(TimeSpan.FromHours(2));
        options.RepartitionPurgeInterval.Should().Be(TimeSpan.FromSeconds(5));
    }

    private static (StreamsOptions Options, IReadOnlyList<string> Errors) Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var options = new StreamsOptions();
        var errors = StreamsConfigurationBinder.Bind(configuration.GetSection("Streams"), options);
        return (options, errors);
    }
}
