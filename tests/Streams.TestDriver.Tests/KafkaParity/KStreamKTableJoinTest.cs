using Streams.Dsl;
using Streams.RocksDb;
using Streams.Serialization;
using Streams.State;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Ports of Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamKTableJoinTest.java</c>
/// (the checks of a stream-table join's grace period, KIP-923). Kafka throws <c>IllegalArgumentException</c>; Streams
/// refuses an invalid topology with <see cref="TopologyException"/>, as soon as the join is defined. Kafka checks a table
/// materialized directly when the join is defined too, and one reached through an unmaterialized filter only when the
/// topology is built: the tests therefore define the join and build the topology inside the same assertion.
/// </summary>
public class KStreamKTableJoinTest
{
    private static readonly Consumed<string?, string?> Strings = Consumed<string?, string?>.With(Serdes.String, Serdes.String);

    [Fact]
    public void ShouldFailIfTableIsNotVersioned()
    {
        // Kafka: KStreamKTableJoinTest.java, shouldFailIfTableIsNotVersioned
        var builder = new StreamsBuilder();
        var streamA = builder.Stream("topic", Strings);
        var tableB = builder.Table("topic2", Strings);

        FluentActions.Invoking(() => JoinWithGraceAndBuild(builder, streamA, tableB, TimeSpan.FromMilliseconds(6)))
            .Should().Throw<TopologyException>().WithMessage("*grace period needs a versioned table*");
    }

    [Fact]
    public void ShouldFailIfTableIsNotVersionedButMaterializationIsInherited()
    {
        // Kafka: KStreamKTableJoinTest.java, shouldFailIfTableIsNotVersionedButMaterializationIsInherited
        var builder = new StreamsBuilder();
        var streamA = builder.Stream("topic", Strings);
        var source = builder.Table("topic2", Strings, Materialized<string?, string?>.As(Stores.InMemoryKeyValueStore("tableB")));
        var tableB = source.Filter((_, _) => true); // the filter operation forces the table materialization to be inherited

        FluentActions.Invoking(() => JoinWithGraceAndBuild(builder, streamA, tableB, TimeSpan.FromMilliseconds(6)))
            .Should().Throw<TopologyException>().WithMessage("*grace period needs a versioned table*");
    }

    [Fact]
    public void ShouldNotFailIfTableIsVersionedButMaterializationIsInherited()
    {
        // Kafka: KStreamKTableJoinTest.java, shouldNotFailIfTableIsVersionedButMaterializationIsInherited
        var builder = new StreamsBuilder();
        var streamA = builder.Stream("topic", Strings);
        var source = builder.Table(
            "topic2", Strings, Materialized<string?, string?>.As(RocksDbStores.PersistentVersionedKeyValueStore("tableB", TimeSpan.FromMinutes(5))));
        var tableB = source.Filter((_, _) => true); // the filter operation forces the table materialization to be inherited

        FluentActions.Invoking(() => JoinWithGraceAndBuild(builder, streamA, tableB, TimeSpan.FromMilliseconds(6))).Should().NotThrow();
    }

    [Fact]
    public void ShouldFailIfGracePeriodIsLongerThanHistoryRetention()
    {
        // Kafka: KStreamKTableJoinTest.java, shouldFailIfGracePeriodIsLongerThanHistoryRetention
        var builder = new StreamsBuilder();
        var streamA = builder.Stream("topic", Strings);
        var tableB = builder.Table(
            "topic2", Strings, Materialized<string?, string?>.As(RocksDbStores.PersistentVersionedKeyValueStore("tableB", TimeSpan.FromMinutes(5))));

        FluentActions.Invoking(() => JoinWithGraceAndBuild(builder, streamA, tableB, TimeSpan.FromMinutes(6)))
            .Should().Throw<TopologyException>()
            .WithMessage("Invalid topology: join 'first-join': history retention must be at least grace period: the versioned store 'tableB' keeps 300000 ms of history, less than the grace period of 360000 ms.");
    }

    [Fact]
    public void ShouldFailIfGracePeriodIsLongerThanHistoryRetentionAndInheritedStore()
    {
        // Kafka: KStreamKTableJoinTest.java, shouldFailIfGracePeriodIsLongerThanHistoryRetentionAndInheritedStore
        var builder = new StreamsBuilder();
        var streamA = builder.Stream("topic", Strings);
        var source = builder.Table(
            "topic2", Strings, Materialized<string?, string?>.As(RocksDbStores.PersistentVersionedKeyValueStore("V-grace", TimeSpan.Zero)));
        var tableB = source.Filter((_, _) => true); // the filter operation forces the table materialization to be inherited

        FluentActions.Invoking(() => JoinWithGraceAndBuild(builder, streamA, tableB, TimeSpan.FromMilliseconds(6)))
            .Should().Throw<TopologyException>()
            .WithMessage("Invalid topology: join 'first-join': history retention must be at least grace period: the versioned store 'V-grace' keeps 0 ms of history, less than the grace period of 6 ms.");
    }

    /// <summary>Kafka's <c>streamA.join(tableB, (v1, v2) -> v1 + v2, Joined.with(..., "first-join", grace)).to("out-one")</c>, then <c>builder.build()</c>.</summary>
    private static void JoinWithGraceAndBuild(StreamsBuilder builder, IKStream<string?, string?> streamA, IKTable<string?, string?> tableB, TimeSpan grace)
    {
        streamA.Join(tableB, (value1, value2) => value1 + value2, Joined<string?, string?, string?>.With(Serdes.String, Serdes.String, Serdes.String, "first-join", grace))
            .To("out-one", Produced<string?, string>.With(Serdes.String, Serdes.String!));
        builder.Build();
    }
}
