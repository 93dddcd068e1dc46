using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/integration/KTableKTableForeignKeyJoinIntegrationTest.java</c>,
/// through the driver, asserting with <see cref="TestOutputTopic{TKey, TValue}.ReadKeyValuesToMap"/> as Kafka's test does:
/// a key whose last record is a tombstone stays in the map with a null value.
/// </summary>
public class KTableKTableForeignKeyJoinIntegrationTest
{
    private const long BaseTimestamp = 1_000;

    // KTableKTableForeignKeyJoinIntegrationTest#doJoinFromRightThenDeleteRightEntity (not materialized, no rejoin, unversioned).
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DoJoinFromRightThenDeleteRightEntity(bool leftJoin)
    {
        var builder = new StreamsBuilder();
        var left = builder.Table<string?, string?>("left_table");
        var right = builder.Table<string?, string?>("right_table");
        static string? ForeignKey(string? value) => value!.Split('|')[1];
        var joined = leftJoin
            ? left.LeftJoin(right, ForeignKey, (l, r) => $"({l},{r ?? "null"})")
            : left.Join(right, ForeignKey, (l, r) => $"({l},{r})");
        joined.ToStream().To("output", Produced<string?, string?>.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var rightInput = driver.CreateInputTopic("right_table", Serdes.String, Serdes.String);
        var leftInput = driver.CreateInputTopic("left_table", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("output", Serdes.String, Serdes.String);

        leftInput.PipeInput("lhs1", "lhsValue1|rhs1", BaseTimestamp);
        leftInput.PipeInput("lhs2", "lhsValue2|rhs2", BaseTimestamp + 1);
        leftInput.PipeInput("lhs3", "lhsValue3|rhs1", BaseTimestamp + 2);
        output.ReadKeyValuesToMap().Should().BeEquivalentTo(leftJoin
            ? new Dictionary<string, string?> { ["lhs1"] = "(lhsValue1|rhs1,null)", ["lhs2"] = "(lhsValue2|rhs2,null)", ["lhs3"] = "(lhsValue3|rhs1,null)" }
            : []);

        rightInput.PipeInput("rhs1", "rhsValue1", BaseTimestamp + 3);
        output.ReadKeyValuesToMap().Should().BeEquivalentTo(
            new Dictionary<string, string?> { ["lhs1"] = "(lhsValue1|rhs1,rhsValue1)", ["lhs3"] = "(lhsValue3|rhs1,rhsValue1)" });

        rightInput.PipeInput("rhs2", "rhsValue2", BaseTimestamp + 4);
        output.ReadKeyValuesToMap().Should().BeEquivalentTo(new Dictionary<string, string?> { ["lhs2"] = "(lhsValue2|rhs2,rhsValue2)" });

        rightInput.PipeInput("rhs3", "rhsValue3", BaseTimestamp + 5);   // an unreferenced foreign key: no result
        output.ReadKeyValuesToMap().Should().BeEmpty();

        // Deleting the right entity propagates to every left row referencing it: a tombstone for the inner join.
        rightInput.PipeInput("rhs1", null, BaseTimestamp + 6);
        output.ReadKeyValuesToMap().Should().BeEquivalentTo(
            new Dictionary<string, string?> { ["lhs1"] = leftJoin ? "(lhsValue1|rhs1,null)" : null, ["lhs3"] = leftJoin ? "(lhsValue3|rhs1,null)" : null });
    }
}

/// <summary>Kafka Streams' <c>streams/test-utils/src/test/java/org/apache/kafka/streams/TestTopicsTest.java</c>.</summary>
public class TestTopicsTest
{
    // TestTopicsTest#testKeyValuesToMapWithNull: a null key cannot go into the map.
    [Fact]
    public void TestKeyValuesToMapWithNull()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("input").To("output");
        using var driver = new TopologyTestDriver(builder.Build());
        driver.CreateInputTopic("input", Serdes.String, Serdes.String).PipeInput(null, "value");

        var read = () => driver.CreateOutputTopic("output", Serdes.String, Serdes.String).ReadKeyValuesToMap();

        read.Should().Throw<InvalidOperationException>();
    }

    // The tombstone case of TestOutputTopic#readKeyValuesToMap (output.put(key, null)): the key stays with a null value, also
    // for a value type read with a nullable serde.
    [Fact]
    public void TestKeyValuesToMapKeepsTombstones()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, long>("input", Consumed<string, long>.With(Serdes.String!, Serdes.Int64))
            .ToStream().To("output", Produced<string, long>.With(Serdes.String!, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("input", Serdes.String, Serdes.Nullable(Serdes.Int64));
        input.PipeInput("a", 1, 1);
        input.PipeInput("b", 2, 2);
        input.PipeInput("a", null, 3);

        driver.CreateOutputTopic("output", Serdes.String, Serdes.Nullable(Serdes.Int64)).ReadKeyValuesToMap()
            .Should().BeEquivalentTo(new Dictionary<string, long?> { ["a"] = null, ["b"] = 2 });
    }
}
