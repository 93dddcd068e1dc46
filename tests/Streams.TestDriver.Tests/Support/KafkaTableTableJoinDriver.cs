using Streams.Dsl;
using Streams.Serialization;
using Streams.Testing;

namespace Streams.TestDriver.Tests.Support;

/// <summary>
/// The setup of Kafka Streams' table-table join tests (<c>KTableKTableInnerJoinTest</c>, <c>KTableKTableLeftJoinTest</c>,
/// <c>KTableKTableOuterJoinTest</c>) on our test driver: tables of "topic1" and "topic2" (Int32 keys, string values)
/// joined by Kafka's <c>MockValueJoiner.TOSTRING_JOINER</c>, optionally materialized (Kafka's
/// <c>Materialized.with(Serdes.Integer(), Serdes.String())</c>), written to "output" by <c>toStream().to(output)</c>.
/// </summary>
internal sealed class KafkaTableTableJoinDriver : IDisposable
{
    private readonly TopologyTestDriver _driver;
    private readonly TestOutputTopic<int?, string?> _output;

    public enum Kind
    {
        Inner,
        Left,
        Outer,
    }

    public KafkaTableTableJoinDriver(Kind kind, bool materialized = false)
    {
        var builder = new StreamsBuilder();
        var consumed = Consumed<int?, string?>.With(Serdes.Nullable(Serdes.Int32), Serdes.String);
        var table1 = builder.Table("topic1", consumed);
        var table2 = builder.Table("topic2", consumed);
        var store = materialized ? Materialized<int?, string?>.With(Serdes.Nullable(Serdes.Int32), Serdes.String) : null;
        var joined = kind switch
        {
            Kind.Inner => table1.Join(table2, ToStringJoiner, materialized: store),
            Kind.Left => table1.LeftJoin(table2, ToStringJoiner, materialized: store),
            _ => table1.OuterJoin(table2, ToStringJoiner, materialized: store),
        };
        joined.ToStream().To("output", Produced<int?, string?>.With(Serdes.Nullable(Serdes.Int32), Serdes.String));
        _driver = new TopologyTestDriver(builder.Build());
        Topic1 = _driver.CreateInputTopic("topic1", Serdes.Nullable(Serdes.Int32), Serdes.String, DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        Topic2 = _driver.CreateInputTopic("topic2", Serdes.Nullable(Serdes.Int32), Serdes.String, DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        _output = _driver.CreateOutputTopic("output", Serdes.Nullable(Serdes.Int32), Serdes.String);
    }

    public TestInputTopic<int?, string?> Topic1 { get; }

    public TestInputTopic<int?, string?> Topic2 { get; }

    public List<(int? Key, string? Value, long Timestamp)> Read() =>
        _output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs!.Value)).ToList();

    public void Dispose() => _driver.Dispose();

    /// <summary>
    /// Runs the input of Kafka's <c>testJoin</c> (the same in the three classes), checking after each step the records
    /// <paramref name="expected"/> gives for it (steps 0 to 6).
    /// </summary>
    public void RunKafkaTestJoin(Func<int, (int? Key, string? Value, long Timestamp)[]> expected)
    {
        int[] keys = [0, 1, 2, 3];
        for (var i = 0; i < 2; i++)
        {
            Topic1.PipeInput(keys[i], "X" + keys[i], 5L + i);
        }

        Topic1.PipeInput(null, "SomeVal", 42L); // a null key: discarded
        Read().Should().Equal(expected(0));

        for (var i = 0; i < 2; i++)
        {
            Topic2.PipeInput(keys[i], "Y" + keys[i], 10L * i);
        }

        Topic2.PipeInput(null, "AnotherVal", 73L);
        Read().Should().Equal(expected(1));

        foreach (var key in keys)
        {
            Topic1.PipeInput(key, "XX" + key, 7L);
        }

        Read().Should().Equal(expected(2));

        foreach (var key in keys)
        {
            Topic2.PipeInput(key, "YY" + key, key * 5L);
        }

        Read().Should().Equal(expected(3));

        foreach (var key in keys)
        {
            Topic1.PipeInput(key, "XXX" + key, 6L);
        }

        Read().Should().Equal(expected(4));

        Topic2.PipeInput(keys[0], null, 5L);
        Topic2.PipeInput(keys[1], null, 7L);
        Read().Should().Equal(expected(5));

        foreach (var key in keys)
        {
            Topic1.PipeInput(key, "XXXX" + key, 13L);
        }

        Read().Should().Equal(expected(6));

        Topic1.PipeInput(keys[0], null, 0L);
        Topic1.PipeInput(keys[1], null, 42L);
        Topic1.PipeInput(keys[2], null, 5L);
        Topic1.PipeInput(keys[3], null, 20L);
        Read().Should().Equal(expected(7));
    }

    private static string ToStringJoiner(string? value1, string? value2) => $"{value1 ?? "null"}+{value2 ?? "null"}";
}
