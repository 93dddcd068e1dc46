using Confluent.Kafka;
using Streams.Errors;
using Streams.State;

namespace Streams.Tests;

public class StreamsOptionsTests
{
    [Fact]
    public void Defaults_are_documented_values()
    {
        var options = new StreamsOptions();

        options.CommitInterval.Should().Be(TimeSpan.FromSeconds(30));
        options.PollTimeout.Should().Be(TimeSpan.FromMilliseconds(100));
        options.ConsumerCloseTimeout.Should().Be(TimeSpan.FromSeconds(30));
        options.MaxPollRecords.Should().Be(1000);
        options.NumStreamThreads.Should().Be(1);
        options.TaskAssignment.Should().Be(TaskAssignmentStrategy.CooperativeSticky);
        options.StateDirectory.Should().Be(Path.Combine(Path.GetTempPath(), "streams"));
        options.DslStoreSuppliers.Should().BeSameAs(InMemoryDslStoreSuppliers.Instance);
        options.DeserializationExceptionHandler.Should().BeSameAs(LogAndFailExceptionHandler.Instance);
        options.TimeProvider.Should().BeSameAs(TimeProvider.System);
    }

    [Fact]
    public void Valid_options_pass()
    {
        var act = () => Valid().Validate();

        act.Should().NotThrow();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("my app")]
    [InlineData("app/1")]
    [InlineData("caf\u00e9")]
    public void ApplicationId_must_be_present_and_legal(string applicationId)
    {
        var options = Valid();
        options.ApplicationId = applicationId;

        var act = () => options.Validate();

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(StreamsOptions.ApplicationId));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void BootstrapServers_are_required(string servers)
    {
        var options = Valid();
        options.BootstrapServers = servers;

        var act = () => options.Validate();

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(StreamsOptions.BootstrapServers));
    }

    [Fact]
    public void StateDirectory_is_required()
    {
        var options = Valid();
        options.StateDirectory = " ";

        var act = () => options.Validate();

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(StreamsOptions.StateDirectory));
    }

    [Fact]
    public void Out_of_range_timings_and_counts_are_rejected()
    {
        AssertInvalid(o => o.CommitInterval = TimeSpan.Zero, "CommitInterval");
        AssertInvalid(o => o.CommitInterval = TimeSpan.FromTicks(100), "CommitInterval");
        AssertInvalid(o => o.PollTimeout = TimeSpan.FromMilliseconds(-1), "PollTimeout");
        AssertInvalid(o => o.ConsumerCloseTimeout = TimeSpan.Zero, "ConsumerCloseTimeout");
        AssertInvalid(o => o.MaxPollRecords = 0, "MaxPollRecords");
    }

    [Theory]
    [InlineData(nameof(StreamsOptions.CommitInterval), "00:00:00")]
    [InlineData(nameof(StreamsOptions.PollTimeout), "-00:00:00.0010000")]
    [InlineData(nameof(StreamsOptions.MaxPollRecords), "0")]
    [InlineData(nameof(StreamsOptions.StateStoreCacheMaxBytes), "-1")]
    public void Each_out_of_range_setting_is_named_alone_with_its_value(string setting, string value)
    {
        var options = Valid();
        switch (setting)
        {
            case nameof(StreamsOptions.CommitInterval): options.CommitInterval = TimeSpan.Zero; break;
            case nameof(StreamsOptions.PollTimeout): options.PollTimeout = TimeSpan.FromMilliseconds(-1); break;
            case nameof(StreamsOptions.MaxPollRecords): options.MaxPollRecords = 0; break;
            default: options.StateStoreCacheMaxBytes = -1; break;
        }

        var act = () => options.Validate();

        var error = act.Should().Throw<ArgumentException>().WithParameterName(setting).Which;
        error.Message.Should().StartWith($"{setting} is {value};");
        new[] { "CommitInterval", "PollTimeout", "MaxPollRecords", "StateStoreCacheMaxBytes" }.Where(n => n != setting)
            .Should().OnlyContain(other => !error.Message.Contains(other, StringComparison.Ordinal), "only the offending setting is named");
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public void ApplicationId_dot_and_dot_dot_are_refused_they_would_name_folders_outside_the_state_directory(string applicationId)
    {
        var options = Valid();
        options.ApplicationId = applicationId;

        var act = () => options.Validate();

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(StreamsOptions.ApplicationId)).WithMessage($"*'{applicationId}'*");
    }

    [Fact]
    public void A_StateDirectory_that_cannot_be_created_is_named_with_its_value_and_the_fix()
    {
        var file = Path.GetTempFileName();
        try
        {
            var options = Valid();
            options.StateDirectory = Path.Combine(file, "x");

            var act = () => options.Validate();

            act.Should().Throw<ArgumentException>().WithParameterName(nameof(StreamsOptions.StateDirectory))
                .WithMessage($"StateDirectory '{Path.Combine(file, "x")}' cannot be used:*Set StateDirectory*");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void NumStreamThreads_must_be_at_least_one(int threads)
    {
        var options = Valid();
        options.NumStreamThreads = threads;

        var act = () => options.Validate();

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(StreamsOptions.NumStreamThreads));
        options.NumStreamThreads = 1;
        options.Invoking(o => o.Validate()).Should().NotThrow("one stream thread is the minimum");
    }

    [Fact]
    public void NumStandbyReplicas_defaults_to_zero_must_not_be_negative_and_needs_an_application_server()
    {
        var options = Valid();
        options.NumStandbyReplicas.Should().Be(0);
        options.StandbyUpdateListener.Should().BeNull();

        options.NumStandbyReplicas = -1;
        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithParameterName(nameof(StreamsOptions.NumStandbyReplicas));

        options.NumStandbyReplicas = 1;
        options.ApplicationServer = null;
        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithParameterName(nameof(StreamsOptions.ApplicationServer))
            .WithMessage("*metadata topic*");

        options.ApplicationServer = "localhost:7001";
        options.Invoking(o => o.Validate()).Should().NotThrow();
    }

    [Fact]
    public void TaskAssignment_must_be_a_defined_strategy()
    {
        var options = Valid();
        options.TaskAssignment = (TaskAssignmentStrategy)2;

        var act = () => options.Validate();

        act.Should().Throw<ArgumentException>().WithParameterName(nameof(StreamsOptions.TaskAssignment));
        options.TaskAssignment = TaskAssignmentStrategy.Range;
        options.Invoking(o => o.Validate()).Should().NotThrow("Range is kept for comparison");
    }

    [Fact]
    public void GroupProtocol_defaults_to_classic_and_consumer_needs_cooperative_sticky()
    {
        var options = Valid();
        options.GroupProtocol.Should().Be(GroupProtocol.Classic);

        options.GroupProtocol = GroupProtocol.Consumer;
        options.Invoking(o => o.Validate()).Should().NotThrow();

        options.TaskAssignment = TaskAssignmentStrategy.Range;
        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithParameterName(nameof(StreamsOptions.GroupProtocol));

        options.TaskAssignment = TaskAssignmentStrategy.CooperativeSticky;
        options.GroupProtocol = (GroupProtocol)2;
        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithParameterName(nameof(StreamsOptions.GroupProtocol));
    }

    [Fact]
    public void Boundary_values_are_accepted()
    {
        var options = Valid();
        options.CommitInterval = TimeSpan.FromMilliseconds(1);
        options.PollTimeout = TimeSpan.Zero;
        options.MaxPollRecords = 1;
        options.ApplicationId = "a.b_c-1";

        var act = () => options.Validate();

        act.Should().NotThrow();
    }

    [Fact]
    public void Internal_topic_options_default_to_Kafka_Streams_values_and_refuse_out_of_range_ones()
    {
        new StreamsOptions().WindowStoreChangelogAdditionalRetention.Should().Be(TimeSpan.FromDays(1));
        new StreamsOptions().RepartitionPurgeInterval.Should().Be(TimeSpan.FromSeconds(30));

        AssertInvalid(o => o.WindowStoreChangelogAdditionalRetention = TimeSpan.FromMilliseconds(-1), nameof(StreamsOptions.WindowStoreChangelogAdditionalRetention));
        AssertInvalid(o => o.RepartitionPurgeInterval = TimeSpan.Zero, nameof(StreamsOptions.RepartitionPurgeInterval));
        var edges = () =>
        {
            var options = Valid();
            options.WindowStoreChangelogAdditionalRetention = TimeSpan.Zero;
            options.RepartitionPurgeInterval = TimeSpan.FromMilliseconds(1);
            options.Validate();
        };
        edges.Should().NotThrow();
    }

    private static void AssertInvalid(Action<StreamsOptions> change, string named)
    {
        var options = Valid();
        change(options);

        var act = () => options.Validate();

        act.Should().Throw<ArgumentException>().WithMessage($"*{named}*");
    }

    private static StreamsOptions Valid() => new() { ApplicationId = "my-app", BootstrapServers = "localhost:9092", StateDirectory = "/tmp/x" };
}
