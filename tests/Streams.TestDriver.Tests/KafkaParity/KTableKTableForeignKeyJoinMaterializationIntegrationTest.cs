using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/integration/KTableKTableForeignKeyJoinMaterializationIntegrationTest.java</c>:
/// which tombstones an inner foreign-key join emits for a left row that never joined, depending on how the result is
/// materialized (not at all, <c>Materialized.with(null, serde)</c>, or queryable as "store" with the default cache).
/// </summary>
public class KTableKTableForeignKeyJoinMaterializationIntegrationTest
{
    // KTableKTableForeignKeyJoinMaterializationIntegrationTest#shouldEmitTombstoneWhenDeletingNonJoiningRecords
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void ShouldEmitTombstoneWhenDeletingNonJoiningRecords(bool materialized, bool queryable)
    {
        var builder = new StreamsBuilder();
        var consumed = Consumed<string?, string?>.With(Serdes.String, Serdes.String);
        var left = builder.Table("left_table", consumed);
        var right = builder.Table("right_table", consumed);
        static string Extractor(string? value) => value!.Split('|')[1];
        static string? Joiner(string? value1, string? value2) => $"({value1},{value2})";
        var store = queryable
            ? Materialized<string?, string?>.As("store").WithValueSerde(Serdes.String)
            : Materialized<string?, string?>.With(null, Serdes.String);
        var joinResult = materialized ? left.Join(right, Extractor, Joiner, materialized: store) : left.Join(right, Extractor, Joiner);
        joinResult.ToStream().To("output-topic", Produced<string?, string?>.With(null, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var leftInput = driver.CreateInputTopic("left_table", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("output-topic", Serdes.String, Serdes.String);
        Dictionary<string, string?> StoreContents()
        {
            using var all = driver.GetKeyValueStore<string?, string?>("store")!.All();
            return all.ToDictionary(kv => kv.Key!, kv => kv.Value);
        }

        leftInput.PipeInput("lhs1", "lhsValue1|rhs1");
        output.ReadKeyValuesToMap().Should().BeEmpty();
        if (materialized && queryable)
        {
            StoreContents().Should().BeEmpty();
        }

        // Deleting a non-joining record produces an unnecessary tombstone for inner joins, because it's not possible to
        // know whether a result was previously emitted; only the record cache of the queryable store suppresses it.
        leftInput.PipeInput("lhs1", null);
        if (materialized && queryable)
        {
            output.ReadKeyValuesToMap().Should().BeEmpty();
            StoreContents().Should().BeEmpty();
        }
        else
        {
            output.ReadKeyValuesToMap().Should().BeEquivalentTo(new Dictionary<string, string?> { ["lhs1"] = null });
        }

        // Deleting a non-existing record is idempotent
        leftInput.PipeInput("lhs1", null);
        output.ReadKeyValuesToMap().Should().BeEmpty();
        if (materialized && queryable)
        {
            StoreContents().Should().BeEmpty();
        }
    }
}
