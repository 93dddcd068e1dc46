namespace Streams.Tests;

public class TopologyOptionsTests
{
    [Fact]
    public void Defaults_are_stable_names_no_refusal_and_no_optimization_as_Kafka_Streams_defaults()
    {
        var options = new TopologyOptions();

        options.NamingStrategy.Should().Be(NamingStrategy.Stable);
        options.EnsureExplicitInternalResourceNaming.Should().BeFalse("ensure.explicit.internal.resource.naming defaults to false");
        options.Optimization.Should().Be(TopologyOptimization.None, "topology.optimization defaults to none");
    }

    [Fact]
    public void All_is_every_single_optimization()
    {
        TopologyOptimization.All.Should().Be(TopologyOptimization.ReuseKTableSourceTopics | TopologyOptimization.MergeRepartitionTopics);
    }
}
