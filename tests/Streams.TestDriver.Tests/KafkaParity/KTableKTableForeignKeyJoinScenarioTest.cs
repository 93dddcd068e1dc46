using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Ports of Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KTableKTableForeignKeyJoinScenarioTest.java</c>:
/// a foreign-key join, joined again with its left table, with serdes given in different places. Kafka's "default
/// serdes" (<c>default.key.serde</c>/<c>default.value.serde</c>) are here the serdes inferred from the types
/// (<c>Serdes.Default</c>). Not ported: shouldUseExpectedTopicsWithSerde (it asserts the internal pseudo-topic names
/// Kafka's serdes are called with).
/// </summary>
public class KTableKTableForeignKeyJoinScenarioTest
{
    private enum SerdesGiven
    {
        Default,
        Consumed,
        JoinResult,
        EquiJoinResult,
        Produced,
    }

    [Fact]
    public void ShouldWorkWithDefaultSerdes()
    {
        // Kafka: KTableKTableForeignKeyJoinScenarioTest.java, shouldWorkWithDefaultSerdes
        ValidateTopologyCanProcessData(SerdesGiven.Default);
    }

    [Fact]
    public void ShouldWorkWithDefaultAndConsumedSerdes()
    {
        // Kafka: KTableKTableForeignKeyJoinScenarioTest.java, shouldWorkWithDefaultAndConsumedSerdes
        ValidateTopologyCanProcessData(SerdesGiven.Consumed);
    }

    [Fact]
    public void ShouldWorkWithDefaultAndJoinResultSerdes()
    {
        // Kafka: KTableKTableForeignKeyJoinScenarioTest.java, shouldWorkWithDefaultAndJoinResultSerdes
        ValidateTopologyCanProcessData(SerdesGiven.JoinResult);
    }

    [Fact]
    public void ShouldWorkWithDefaultAndEquiJoinResultSerdes()
    {
        // Kafka: KTableKTableForeignKeyJoinScenarioTest.java, shouldWorkWithDefaultAndEquiJoinResultSerdes
        ValidateTopologyCanProcessData(SerdesGiven.EquiJoinResult);
    }

    [Fact]
    public void ShouldWorkWithDefaultAndProducedSerdes()
    {
        // Kafka: KTableKTableForeignKeyJoinScenarioTest.java, shouldWorkWithDefaultAndProducedSerdes
        ValidateTopologyCanProcessData(SerdesGiven.Produced);
    }

    private static void ValidateTopologyCanProcessData(SerdesGiven given)
    {
        var builder = new StreamsBuilder();
        var aTable = given == SerdesGiven.Consumed
            ? builder.Table("A", Consumed<int, string>.With(Serdes.Int32, Serdes.String!))
            : builder.Table<int, string>("A");
        var bTable = builder.Table<int, string>("B");
        var fkMaterialized = given == SerdesGiven.JoinResult
            ? Materialized<int, string>.As("asdf").WithKeySerde(Serdes.Int32).WithValueSerde(Serdes.String!)
            : Materialized<int, string>.As("asdf");
        var fkJoinResult = aTable.Join(bTable, value => int.Parse(value.Split('-')[0]), (aVal, bVal) => $"({aVal},{bVal})", materialized: fkMaterialized);
        var finalJoinResult = aTable.Join(
            fkJoinResult,
            (aVal, fkJoinVal) => $"({aVal},{fkJoinVal})",
            materialized: given == SerdesGiven.EquiJoinResult ? Materialized<int, string>.With(Serdes.Int32, Serdes.String!) : null);
        if (given == SerdesGiven.Produced)
        {
            finalJoinResult.ToStream().To("output", Produced<int, string?>.With(Serdes.Int32, Serdes.String));
        }
        else
        {
            finalJoinResult.ToStream().To("output");
        }

        using var driver = new TopologyTestDriver(builder.Build());
        driver.CreateInputTopic("A", Serdes.Int32, Serdes.String).PipeInput(1, "999-alpha");
        driver.CreateInputTopic("B", Serdes.Int32, Serdes.String).PipeInput(999, "beta");

        driver.CreateOutputTopic("output", Serdes.Int32, Serdes.String).ReadKeyValuesToMap()
            .Should().BeEquivalentTo(new Dictionary<int, string?> { [1] = "(999-alpha,(999-alpha,beta))" });
    }
}
