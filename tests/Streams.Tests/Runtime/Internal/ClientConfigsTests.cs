using Confluent.Kafka;
using Streams.Runtime.Internal;

namespace Streams.Tests.Runtime.Internal;

public class ClientConfigsTests
{
    [Fact]
    public void Main_consumer_overrides_the_settings_the_runtime_owns_and_keeps_the_rest()
    {
        var options = Options();
        options.Consumer = new ConsumerConfig
        {
            GroupId = "user-group",
            BootstrapServers = "user:9092",
            EnableAutoCommit = true,
            EnableAutoOffsetStore = true,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            SessionTimeoutMs = 12_345,
            FetchMaxBytes = 777,
        };

        var config = ClientConfigs.MainConsumer(options, "client-1");

        config.GroupId.Should().Be("my-app");
        config.BootstrapServers.Should().Be("broker:9092");
        config.ClientId.Should().Be("client-1");
        config.EnableAutoCommit.Should().BeFalse();
        config.EnableAutoOffsetStore.Should().BeFalse();
        config.PartitionAssignmentStrategy.Should().Be(PartitionAssignmentStrategy.CooperativeSticky, "the default TaskAssignment, whatever the user's consumer config says");
        config.SessionTimeoutMs.Should().Be(12_345);
        config.FetchMaxBytes.Should().Be(777);
    }

    [Fact]
    public void Consumers_back_off_a_full_fetch_queue_for_100_ms_instead_of_librdkafkas_second()
    {
        // librdkafka's 1000 ms left a stream thread idle for most of each second once it drained the 100,000 queued records.
        ClientConfigs.MainConsumer(Options(), "c").FetchQueueBackoffMs.Should().Be(100);
        ClientConfigs.AssignOnlyConsumer(Options(), "c").FetchQueueBackoffMs.Should().Be(100);
    }

    [Fact]
    public void Consumers_keep_the_users_fetch_queue_backoff()
    {
        var options = Options();
        options.Consumer = new ConsumerConfig { FetchQueueBackoffMs = 1000 };

        ClientConfigs.MainConsumer(options, "c").FetchQueueBackoffMs.Should().Be(1000);
        ClientConfigs.AssignOnlyConsumer(options, "c").FetchQueueBackoffMs.Should().Be(1000);
    }

    [Fact]
    public void Main_consumer_uses_range_assignment_under_the_Range_strategy()
    {
        var options = Options();
        options.TaskAssignment = TaskAssignmentStrategy.Range;
        options.Consumer = new ConsumerConfig { PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky };

        ClientConfigs.MainConsumer(options, "c").PartitionAssignmentStrategy.Should().Be(PartitionAssignmentStrategy.Range);
    }

    [Fact]
    public void Main_consumer_uses_the_classic_group_protocol_by_default()
    {
        var config = ClientConfigs.MainConsumer(Options(), "c");

        config.GroupProtocol.Should().Be(Confluent.Kafka.GroupProtocol.Classic);
        config.PartitionAssignmentStrategy.Should().Be(PartitionAssignmentStrategy.CooperativeSticky);
    }

    [Fact]
    public void Main_consumer_under_the_consumer_protocol_sets_no_classic_only_group_property()
    {
        var options = Options();
        options.GroupProtocol = GroupProtocol.Consumer;
        options.Consumer = new ConsumerConfig
        {
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range,
            SessionTimeoutMs = 6_000,
            HeartbeatIntervalMs = 500,
            FetchWaitMaxMs = 10,
        };

        var config = ClientConfigs.MainConsumer(options, "c");

        config.GroupProtocol.Should().Be(Confluent.Kafka.GroupProtocol.Consumer);
        config.Select(kv => kv.Key).Should().NotContain(ClientConfigs.ClassicOnlyGroupProperties);
        config.FetchWaitMaxMs.Should().Be(10, "other settings stay");
        options.Consumer.SessionTimeoutMs.Should().Be(6_000, "the user's config is not changed");
    }

    [Fact]
    public void Main_consumer_reads_from_earliest_unless_the_user_chose()
    {
        var options = Options();
        ClientConfigs.MainConsumer(options, "c").AutoOffsetReset.Should().Be(AutoOffsetReset.Earliest);

        options.Consumer = new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Latest };
        ClientConfigs.MainConsumer(options, "c").AutoOffsetReset.Should().Be(AutoOffsetReset.Latest);
    }

    [Fact]
    public void The_users_config_objects_are_not_modified()
    {
        var options = Options();
        options.Consumer = new ConsumerConfig { GroupId = "user-group" };
        options.Producer = new ProducerConfig { LingerMs = 5 };

        ClientConfigs.MainConsumer(options, "c");
        ClientConfigs.Producer(options, "p");

        options.Consumer.GroupId.Should().Be("user-group");
        options.Consumer.EnableAutoCommit.Should().BeNull();
        options.Producer.Partitioner.Should().BeNull();
        options.Producer.ClientId.Should().BeNull();
    }

    [Fact]
    public void Assign_only_consumer_uses_its_own_group_and_starts_from_earliest()
    {
        var options = Options();
        options.Consumer = new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Latest, EnableAutoCommit = true, MaxPollIntervalMs = 400_000 };

        var config = ClientConfigs.AssignOnlyConsumer(options, "global-1");

        config.GroupId.Should().Be("my-app-assign-only");
        config.ClientId.Should().Be("global-1");
        config.AutoOffsetReset.Should().Be(AutoOffsetReset.Earliest);
        config.EnableAutoCommit.Should().BeFalse();
        config.EnableAutoOffsetStore.Should().BeFalse();
        config.EnablePartitionEof.Should().BeFalse();
        config.BootstrapServers.Should().Be("broker:9092");
        config.MaxPollIntervalMs.Should().Be(400_000);
    }

    [Fact]
    public void Producer_uses_murmur2_random_unless_the_user_set_a_partitioner()
    {
        var options = Options();
        options.Producer = new ProducerConfig { LingerMs = 20, BootstrapServers = "user:9092" };

        var config = ClientConfigs.Producer(options, "producer-1");

        config.Partitioner.Should().Be(Partitioner.Murmur2Random);
        config.LingerMs.Should().Be(20);
        config.ClientId.Should().Be("producer-1");
        config.BootstrapServers.Should().Be("broker:9092");

        options.Producer = new ProducerConfig { Partitioner = Partitioner.Consistent };
        ClientConfigs.Producer(options, "p").Partitioner.Should().Be(Partitioner.Consistent);
    }

    [Fact]
    public void Admin_keeps_the_users_settings_with_the_bootstrap_servers()
    {
        var options = Options();
        options.Admin = new AdminClientConfig { SocketTimeoutMs = 1_234 };

        var config = ClientConfigs.Admin(options);

        config.BootstrapServers.Should().Be("broker:9092");
        config.SocketTimeoutMs.Should().Be(1_234);
    }

    private static StreamsOptions Options() => new() { ApplicationId = "my-app", BootstrapServers = "broker:9092" };
}
