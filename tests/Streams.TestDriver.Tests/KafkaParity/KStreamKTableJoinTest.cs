using Streams.Dsl;
using Streams.RocksDb;
using Streams.Serialization;
using Streams.State;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Ports of Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamKTableJoinTest.java</c>
/// (the results of the inner stream-table join, with and without a grace period, and the checks of the grace period, KIP-923). Kafka throws <c>IllegalArgumentException</c>; Streams
/// refuses an invalid topology with <see cref="TopologyException"/>, as soon as the join is defined. Kafka checks a table
/// materialized directly when the join is defined too, and one reached through an unmaterialized filter only when the
/// topology is built: the tests therefore define the join and build the topology inside the same assertion.
/// Not ported: shouldReuseRepartitionTopicWithGeneratedName and shouldCreateRepartitionTopicsWithUserProvidedName (Kafka's
/// topology description text) and shouldRequireCopartitionedStreams (internal copartition groups). Kafka's log-capture
/// assertions become the dropped-records metric.
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

    [Fact]
    public void ShouldDelayJoinByGracePeriod()
    {
        // Kafka: KStreamKTableJoinTest.java, shouldDelayJoinByGracePeriod
        using var driver = new KafkaStreamTableJoinDriver(leftJoin: false, TimeSpan.FromMilliseconds(2));

        driver.PushToTable(4, "Y", nonRandom: true);
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X");
        driver.Read().Should().Equal((0, "X0+Y0", 0L), (1, "X1+Y1", 1L));
        driver.PushToTable(4, "YY", nonRandom: true);
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X");
        driver.Read().Should().Equal((0, "X0+YY0", 0L), (1, "X1+YY1", 1L));

        driver.StreamTopic.PipeInput(5, "test", 7);
        driver.Read().Should().Equal((2, "X2+YY2", 2L), (2, "X2+YY2", 2L), (3, "X3+YY3", 3L), (3, "X3+YY3", 3L));

        driver.PushToTable(4, "YYY", nonRandom: true);
        driver.Read().Should().BeEmpty();
    }

    [Fact]
    public void ShouldHandleLateJoinsWithGracePeriod()
    {
        // Kafka: KStreamKTableJoinTest.java, shouldHandleLateJoinsWithGracePeriod
        using var driver = new KafkaStreamTableJoinDriver(leftJoin: false, TimeSpan.FromMilliseconds(2));

        driver.PushToTable(4, "Y", nonRandom: true);
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X");   // four records into the buffer, the first two evicted
        driver.Read().Should().Equal((0, "X0+Y0", 0L), (1, "X1+Y1", 1L));
        driver.PushToStream(1, "X");   // late: joined at once, evicting nothing
        driver.Read().Should().Equal((0, "X0+Y0", 0L));
    }

    [Fact]
    public void ShouldNotJoinWithEmptyTableOnStreamUpdates()
    {
        // Kafka: KStreamKTableJoinTest.java, shouldNotJoinWithEmptyTableOnStreamUpdates
        using var driver = new KafkaStreamTableJoinDriver(leftJoin: false);
        driver.PushToStream(2, "X");
        driver.Read().Should().BeEmpty();
    }

    [Fact]
    public void ShouldNotJoinOnTableUpdates()
    {
        // Kafka: KStreamKTableJoinTest.java, shouldNotJoinOnTableUpdates
        using var driver = new KafkaStreamTableJoinDriver(leftJoin: false);
        driver.PushToStream(2, "X");
        driver.Read().Should().BeEmpty();
        driver.PushToTable(2, "Y");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X");
        driver.Read().Should().Equal((0, "X0+Y0", 0L), (1, "X1+Y1", 1L));
        driver.PushToTable(4, "YY");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X");
        driver.Read().Should().Equal((0, "X0+YY0", 0L), (1, "X1+YY1", 1L), (2, "X2+YY2", 2L), (3, "X3+YY3", 3L));
        driver.PushToTable(4, "YYY");
        driver.Read().Should().BeEmpty();
    }

    [Fact]
    public void ShouldJoinOnlyIfMatchFoundOnStreamUpdates()
    {
        // Kafka: KStreamKTableJoinTest.java, shouldJoinOnlyIfMatchFoundOnStreamUpdates
        using var driver = new KafkaStreamTableJoinDriver(leftJoin: false);
        driver.PushToTable(2, "Y");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X");
        driver.Read().Should().Equal((0, "X0+Y0", 0L), (1, "X1+Y1", 1L));
    }

    [Fact]
    public void ShouldClearTableEntryOnNullValueUpdates()
    {
        // Kafka: KStreamKTableJoinTest.java, shouldClearTableEntryOnNullValueUpdates
        using var driver = new KafkaStreamTableJoinDriver(leftJoin: false);
        driver.PushToTable(4, "Y");
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "X");
        driver.Read().Should().Equal((0, "X0+Y0", 0L), (1, "X1+Y1", 1L), (2, "X2+Y2", 2L), (3, "X3+Y3", 3L));
        driver.PushNullValueToTable();
        driver.Read().Should().BeEmpty();
        driver.PushToStream(4, "XX");
        driver.Read().Should().Equal((2, "XX2+Y2", 2L), (3, "XX3+Y3", 3L));
    }

    [Fact]
    public void ShouldLogAndMeterWhenSkippingNullLeftKey()
    {
        // Kafka: KStreamKTableJoinTest.java, shouldLogAndMeterWhenSkippingNullLeftKey
        using var driver = new KafkaStreamTableJoinDriver(leftJoin: false);
        using var drops = new DroppedRecordsMeter();
        driver.StreamTopic.PipeInput(null, "A");
        drops.Reasons.Should().ContainSingle();
        driver.Read().Should().BeEmpty();
    }

    [Fact]
    public void ShouldLogAndMeterWhenSkippingNullLeftValue()
    {
        // Kafka: KStreamKTableJoinTest.java, shouldLogAndMeterWhenSkippingNullLeftValue
        using var driver = new KafkaStreamTableJoinDriver(leftJoin: false);
        using var drops = new DroppedRecordsMeter();
        driver.StreamTopic.PipeInput(1, null);
        drops.Reasons.Should().ContainSingle();
        driver.Read().Should().BeEmpty();
    }

    /// <summary>Kafka's <c>streamA.join(tableB, (v1, v2) -> v1 + v2, Joined.with(..., "first-join", grace)).to("out-one")</c>, then <c>builder.build()</c>.</summary>
    private static void JoinWithGraceAndBuild(StreamsBuilder builder, IKStream<string?, string?> streamA, IKTable<string?, string?> tableB, TimeSpan grace)
    {
        streamA.Join(tableB, (value1, value2) => value1 + value2, Joined<string?, string?, string?>.With(Serdes.String, Serdes.String, Serdes.String, "first-join", grace))
            .To("out-one", Produced<string?, string>.With(Serdes.String, Serdes.String!));
        builder.Build();
    }
}
