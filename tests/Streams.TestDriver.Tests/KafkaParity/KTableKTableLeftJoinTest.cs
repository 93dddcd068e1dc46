using Streams.Dsl;
using Streams.Serialization;
using Streams.State;
using Streams.TestDriver.Tests.Support;
using static Streams.TestDriver.Tests.Support.KafkaTableTableJoinDriver;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Ports of Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/kstream/internals/KTableKTableLeftJoinTest.java</c>.
/// Not ported: testNotSendingOldValue and testSendingOldValue (a mock processor on the join's internal node name,
/// asserting <c>Change</c> old values the public API does not expose), shouldLogAndMeterSkippedRecordsDueToNullLeftKey
/// (a mock processor context driving the internal join processor) and the copartition-group assertions (internal).
/// </summary>
public class KTableKTableLeftJoinTest
{
    [Fact]
    public void TestJoin()
    {
        // Kafka: KTableKTableLeftJoinTest.java, testJoin
        using var driver = new KafkaTableTableJoinDriver(Kind.Left);
        driver.RunKafkaTestJoin(step => step switch
        {
            0 => [(0, "X0+null", 5L), (1, "X1+null", 6L)],
            1 => [(0, "X0+Y0", 5L), (1, "X1+Y1", 10L)],
            2 => [(0, "XX0+Y0", 7L), (1, "XX1+Y1", 10L), (2, "XX2+null", 7L), (3, "XX3+null", 7L)],
            3 => [(0, "XX0+YY0", 7L), (1, "XX1+YY1", 7L), (2, "XX2+YY2", 10L), (3, "XX3+YY3", 15L)],
            4 => [(0, "XXX0+YY0", 6L), (1, "XXX1+YY1", 6L), (2, "XXX2+YY2", 10L), (3, "XXX3+YY3", 15L)],
            5 => [(0, "XXX0+null", 6L), (1, "XXX1+null", 7L)],
            6 => [(0, "XXXX0+null", 13L), (1, "XXXX1+null", 13L), (2, "XXXX2+YY2", 13L), (3, "XXXX3+YY3", 15L)],
            _ => [(0, null, 0L), (1, null, 42L), (2, null, 10L), (3, null, 20L)],
        });
    }

    [Fact]
    public void ShouldNotThrowIllegalStateExceptionWhenMultiCacheEvictions()
    {
        // Kafka: KTableKTableLeftJoinTest.java, shouldNotThrowIllegalStateExceptionWhenMultiCacheEvictions
        // (Kafka's random keys and values; here a seeded random, the assertion being that nothing throws)
        string[] inputs = ["agg", "tableOne", "tableTwo", "tableThree", "tableFour", "tableFive", "tableSix"];
        var builder = new StreamsBuilder();
        var consumed = Consumed<long, string>.With(Serdes.Int64, Serdes.String!);
        IKTable<long, string> Table(string topic) =>
            builder.Table(topic, consumed, Materialized<long, string>.As(Stores.InMemoryKeyValueStore(topic + "-base-store")));
        var aggTable = builder.Table("agg", consumed, Materialized<long, string>.As(Stores.InMemoryKeyValueStore("agg-base-store")))
            .GroupBy((k, v) => (k, v), Grouped<long, string>.With(Serdes.Int64, Serdes.String!))
            .Reduce((a, b) => a + b, (a, b) => a + b, Materialized<long, string>.As(Stores.InMemoryKeyValueStore("agg-store")));
        var one = Table("tableOne");
        var two = Table("tableTwo");
        var three = Table("tableThree");
        var four = Table("tableFour");
        var five = Table("tableFive");
        var six = Table("tableSix");
        var seven = one.MapValues((long _, string v) => Upper(v));
        var eight = six.LeftJoin<string, string>(seven, Joiner);
        aggTable.LeftJoin(one, Joiner).LeftJoin(two, Joiner).LeftJoin(three, Joiner).LeftJoin(four, Joiner)
            .LeftJoin(five, Joiner).LeftJoin(eight, Joiner).MapValues((long _, string v) => Upper(v));

        using var driver = new TopologyTestDriver(builder.Build());
        string[] values =
        [
            "a", "AA", "BBB", "CCCC", "DD", "EEEEEEEE", "F", "GGGGGGGGGGGGGGG", "HHH", "IIIIIIIIII",
            "J", "KK", "LLLL", "MMMMMMMMMMMMMMMMMMMMMM", "NNNNN", "O", "P", "QQQQQ", "R", "SSSS", "T", "UU", "VVVVVVVVVVVVVVVVVVV",
        ];
        var random = new Random(42);
        var topics = inputs.Select(input => driver.CreateInputTopic(input, Serdes.Int64, Serdes.String)).ToArray();
        var pipeAll = () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                foreach (var topic in topics)
                {
                    topic.PipeInput(random.Next(1000), values[random.Next(values.Length)]);
                }
            }
        };

        pipeAll.Should().NotThrow();
    }

    private static string Joiner(string value1, string? value2) => $"{value1}+{value2 ?? "null"}";

    private static string Upper(string value) => value.ToUpperInvariant();
}
