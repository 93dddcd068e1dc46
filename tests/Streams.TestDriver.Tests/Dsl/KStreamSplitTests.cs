using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.Dsl;

public class KStreamSplitTests
{
    [Fact]
    public void Branches_are_named_by_the_split_prefix_and_the_branch_names()
    {
        var builder = new StreamsBuilder();
        var branches = builder.Stream<string, long>("in")
            .Split(Named.As("route-"))
            .Branch((_, v) => v < 0, Branched<string, long>.As("negative"))
            .Branch((_, v) => v == 0)
            .DefaultBranch(Branched<string, long>.As("rest"));

        branches.Keys.Should().BeEquivalentTo("route-negative", "route-2", "route-rest");
    }

    [Fact]
    public void Unnamed_default_branch_is_number_zero()
    {
        var builder = new StreamsBuilder();
        var branches = builder.Stream<string, long>("in").Split(Named.As("s-")).Branch((_, v) => v < 0).DefaultBranch();

        branches.Keys.Should().BeEquivalentTo("s-1", "s-0");
    }

    [Fact]
    public void Each_record_goes_to_the_first_matching_branch_only_and_unmatched_ones_to_the_default()
    {
        var builder = new StreamsBuilder();
        var branches = builder.Stream<string, long>("in")
            .Split(Named.As("s-"))
            .Branch((_, v) => v > 10, Branched<string, long>.As("big"))
            .Branch((_, v) => v > 5, Branched<string, long>.As("medium"))
            .DefaultBranch(Branched<string, long>.As("small"));
        branches["s-big"].To("big");
        branches["s-medium"].To("medium");
        branches["s-small"].To("small");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.Int64).PipeValueList([20L, 7L, 1L, 11L, 6L]);

        driver.CreateOutputTopic("big", Serdes.String, Serdes.Int64).ReadValuesToList().Should().Equal(20L, 11L);
        driver.CreateOutputTopic("medium", Serdes.String, Serdes.Int64).ReadValuesToList().Should().Equal(new[] { 7L, 6L }, "20 and 11 also satisfy 'medium' but matched 'big' first");
        driver.CreateOutputTopic("small", Serdes.String, Serdes.Int64).ReadValuesToList().Should().Equal(1L);
    }

    [Fact]
    public void Without_a_default_branch_unmatched_records_are_dropped()
    {
        var builder = new StreamsBuilder();
        var branches = builder.Stream<string, long>("in").Split(Named.As("s-")).Branch((_, v) => v > 0, Branched<string, long>.As("pos")).NoDefaultBranch();
        branches["s-pos"].To("pos");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.Int64).PipeValueList([-1L, 2L, 0L]);

        driver.CreateOutputTopic("pos", Serdes.String, Serdes.Int64).ReadValuesToList().Should().Equal(2L);
        driver.ProducedTopicNames.Should().BeEquivalentTo("pos");
    }

    [Fact]
    public void Branch_functions_transform_the_branch_and_consumers_keep_it_out_of_the_result()
    {
        var builder = new StreamsBuilder();
        var branches = builder.Stream<string, string>("in")
            .Split(Named.As("s-"))
            .Branch((_, v) => v.StartsWith('a'), Branched<string, string>.WithFunction(s => s.MapValues(v => v.ToUpperInvariant()), "upper"))
            .Branch((_, v) => v.StartsWith('b'), Branched<string, string>.WithConsumer(s => s.To("b-topic"), "consumed"))
            .NoDefaultBranch();
        branches.Keys.Should().BeEquivalentTo("s-upper");
        branches["s-upper"].To("upper");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeValueList(["apple", "banana"]);

        driver.CreateOutputTopic("upper", Serdes.String, Serdes.String).ReadValuesToList().Should().Equal("APPLE");
        driver.CreateOutputTopic("b-topic", Serdes.String, Serdes.String).ReadValuesToList().Should().Equal("banana");
    }

    [Fact]
    public void Two_branches_with_the_same_name_are_rejected()
    {
        var builder = new StreamsBuilder();
        var split = builder.Stream<string, string>("in").Split(Named.As("s-"))
            .Branch((_, _) => true, Branched<string, string>.As("x"));

        // Branches are added as they are declared (as Kafka Streams), so the second one is refused at once.
        var act = () => split.Branch((_, _) => true, Branched<string, string>.As("x"));

        act.Should().Throw<TopologyException>();
    }

    [Fact]
    public void A_branch_of_a_rekeyed_stream_is_repartitioned_before_an_aggregation_as_in_Kafka_Streams()
    {
        // Kafka Streams' BranchedKStreamImpl passes the parent's repartitionRequired to every branch.
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").SelectKey((_, v) => v)
            .Split()
            .Branch((_, _) => true, Branched<string, string>.WithConsumer(s => s.GroupByKey().Count().ToStream().To("out")));

        builder.Build().Describe().ToString().Should().Contain("-repartition");
    }

    [Fact]
    public void Branches_are_wired_without_DefaultBranch_or_NoDefaultBranch()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, long>("in").Split().Branch((_, v) => v > 0, Branched<string, long>.WithConsumer(s => s.To("pos")));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.Int64).PipeValueList([-1L, 2L]);

        driver.CreateOutputTopic("pos", Serdes.String, Serdes.Int64).ReadValuesToList().Should().Equal(2L);
    }
}
