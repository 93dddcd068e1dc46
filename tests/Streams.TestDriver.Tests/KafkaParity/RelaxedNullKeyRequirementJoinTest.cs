using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/integration/RelaxedNullKeyRequirementJoinTest.java</c>
/// (KIP-962): both inputs go through an explicit repartition; a repartition with a left or outer join downstream keeps
/// null keys, any other drops them.
/// </summary>
public sealed class RelaxedNullKeyRequirementJoinTest : IDisposable
{
    private static readonly JoinWindows Window = JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10));
    private const string LeftTopic = "left";
    private const string RightTopic = "right";
    private const string OutTopic = "out";

    private readonly StreamsBuilder _builder = new();
    private readonly IKStream<string?, string?> _leftStream;
    private readonly IKStream<string?, string?> _rightStream;
    private TopologyTestDriver? _testDriver;
    private TestInputTopic<string?, string?> _left = null!;
    private TestInputTopic<string?, string?> _right = null!;
    private TestOutputTopic<string?, string?> _out = null!;

    public RelaxedNullKeyRequirementJoinTest()
    {
        _leftStream = _builder.Stream<string?, string?>(LeftTopic).Repartition();
        _rightStream = _builder.Stream<string?, string?>(RightTopic).Repartition();
    }

    public void Dispose() => _testDriver?.Dispose();

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/RelaxedNullKeyRequirementJoinTest.java, testRelaxedLeftStreamStreamJoin
    [Fact]
    public void TestRelaxedLeftStreamStreamJoin()
    {
        _leftStream.LeftJoin(_rightStream, Joiner, Window).To(OutTopic);
        InitTopology();

        _left.PipeInput(null, "leftValue", 1);

        _out.ReadPairs().Should().Equal(((string?)null, "leftValue|null"));
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/RelaxedNullKeyRequirementJoinTest.java, testRelaxedLeftStreamTableJoin
    [Fact]
    public void TestRelaxedLeftStreamTableJoin()
    {
        _leftStream.LeftJoin(_rightStream.ToTable(), Joiner).To(OutTopic);
        InitTopology();

        _left.PipeInput(null, "leftValue", 1);

        _out.ReadPairs().Should().Equal(((string?)null, "leftValue|null"));
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/RelaxedNullKeyRequirementJoinTest.java, testRelaxedOuterStreamStreamJoin
    [Fact]
    public void TestRelaxedOuterStreamStreamJoin()
    {
        _leftStream.OuterJoin(_rightStream, Joiner, Window).To(OutTopic);
        InitTopology();

        _right.PipeInput(null, "rightValue", 1);
        _left.PipeInput(null, "leftValue");

        _out.ReadPairs().Should().Equal(((string?)null, "null|rightValue"), ((string?)null, "leftValue|null"));
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/RelaxedNullKeyRequirementJoinTest.java, testRelaxedLeftStreamGlobalTableJoin
    [Fact]
    public void TestRelaxedLeftStreamGlobalTableJoin()
    {
        var global = _builder.GlobalTable<string?, string?>("global");
        _leftStream.LeftJoin(global, (_, _) => null, Joiner).To(OutTopic);
        InitTopology();

        _left.PipeInput(null, "leftValue", 1);

        _out.ReadPairs().Should().Equal(((string?)null, "leftValue|null"));
    }

    // Kafka: streams/src/test/java/org/apache/kafka/streams/integration/RelaxedNullKeyRequirementJoinTest.java, testDropNullKeyRecordsForRepartitionNodesWithNoRelaxedJoinDownstream
    [Fact]
    public void TestDropNullKeyRecordsForRepartitionNodesWithNoRelaxedJoinDownstream()
    {
        _leftStream.Repartition().To(OutTopic);
        InitTopology();

        _left.PipeInput(null, "leftValue", 1);

        _out.ReadPairs().Should().BeEmpty();
    }

    /// <summary>Kafka's <c>(lv, rv) -> lv + "|" + rv</c>: Java writes a null operand as <c>null</c>.</summary>
    private static string? Joiner(string? leftValue, string? rightValue) => $"{leftValue ?? "null"}|{rightValue ?? "null"}";

    private void InitTopology()
    {
        _testDriver = new TopologyTestDriver(_builder.Build());
        _left = _testDriver.CreateInputTopic(LeftTopic, Serdes.String, Serdes.String);
        _right = _testDriver.CreateInputTopic(RightTopic, Serdes.String, Serdes.String);
        _out = _testDriver.CreateOutputTopic(OutTopic, Serdes.String, Serdes.String);
    }
}
