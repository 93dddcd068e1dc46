using Microsoft.Extensions.Configuration;
using Streams.Hosting.Internal;

namespace Streams.Hosting.Tests.Internal;

public class StreamsConfigurationBinderExactlyOnceTests
{
    [Theory]
    [InlineData("ExactlyOnceV2", ProcessingGuarantee.ExactlyOnceV2)]
    [InlineData("exactly_once_v2", ProcessingGuarantee.ExactlyOnceV2)]
    [InlineData("AtLeastOnce", ProcessingGuarantee.AtLeastOnce)]
    [InlineData("at_least_once", ProcessingGuarantee.AtLeastOnce)]
    public void Binds_the_processing_guarantee_by_its_enum_or_Kafka_name(string value, ProcessingGuarantee expected)
    {
        var (options, errors) = Bind(new() { ["Streams:ProcessingGuarantee"] = value });

        errors.Should().BeEmpty();
        options.ProcessingGuarantee.Should().Be(expected);
    }

    [Fact]
    public void Exactly_once_from_configuration_shortens_the_default_commit_interval_but_not_a_configured_one()
    {
        Bind(new() { ["Streams:ProcessingGuarantee"] = "exactly_once_v2" }).Options.CommitInterval.Should().Be(TimeSpan.FromMilliseconds(100));
        Bind(new() { ["Streams:ProcessingGuarantee"] = "exactly_once_v2", ["Streams:CommitInterval"] = "00:00:01" })
            .Options.CommitInterval.Should().Be(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void An_unknown_guarantee_and_a_producer_transactional_id_are_reported_with_their_keys()
    {
        var (_, errors) = Bind(new() { ["Streams:ProcessingGuarantee"] = "exactly_once", ["Streams:Producer:transactional.id"] = "mine" });

        errors.Should().HaveCount(2);
        errors.Should().Contain(e => e.StartsWith("Streams:ProcessingGuarantee: 'exactly_once' is not a valid ProcessingGuarantee", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("Streams:Producer:transactional.id: 'transactional.id' is set by the Streams runtime", StringComparison.Ordinal));
    }

    private static (StreamsOptions Options, IReadOnlyList<string> Errors) Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var options = new StreamsOptions();
        var errors = StreamsConfigurationBinder.Bind(configuration.GetSection("Streams"), options);
        return (options, errors);
    }
}
