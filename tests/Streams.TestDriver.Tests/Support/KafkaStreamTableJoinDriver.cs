using Streams.Dsl;
using Streams.RocksDb;
using Streams.Serialization;
using Streams.Testing;

namespace Streams.TestDriver.Tests.Support;

/// <summary>
/// The setup of Kafka Streams' <c>KStreamKTableJoinTest</c> and <c>KStreamKTableLeftJoinTest</c> on our test driver:
/// "streamTopic" joined with the table of "tableTopic" (Int32 keys, string values) by Kafka's
/// <c>MockValueJoiner.TOSTRING_JOINER</c> (<c>value1 + "+" + value2</c>), written to "output", which <see cref="Read"/>
/// drains as Kafka's <c>checkAndClearProcessResult</c> does. With a grace period the table is Kafka's versioned
/// "V-grace" store (5 minutes of history), as in <c>KStreamKTableJoinTest#makeJoin</c>.
/// </summary>
internal sealed class KafkaStreamTableJoinDriver : IDisposable
{
    private static readonly int[] ExpectedKeys = [0, 1, 2, 3];
    private readonly TopologyTestDriver _driver;
    private readonly TestOutputTopic<int?, string?> _output;

    public KafkaStreamTableJoinDriver(bool leftJoin, TimeSpan? grace = null)
    {
        var builder = new StreamsBuilder();
        var consumed = Consumed<int?, string?>.With(Serdes.Nullable(Serdes.Int32), Serdes.String);
        var stream = builder.Stream("streamTopic", consumed);
        var table = grace is null
            ? builder.Table("tableTopic", consumed)
            : builder.Table("tableTopic", consumed, Materialized<int?, string?>.As(RocksDbStores.PersistentVersionedKeyValueStore("V-grace", TimeSpan.FromMinutes(5))));
        var joined = grace is null
            ? Joined<int?, string?, string?>.With(Serdes.Nullable(Serdes.Int32), Serdes.String, Serdes.String)
            : Joined<int?, string?, string?>.With(Serdes.Nullable(Serdes.Int32), Serdes.String, Serdes.String, "Grace", grace.Value);
        var result = leftJoin ? stream.LeftJoin(table, ToStringJoiner, joined) : stream.Join(table, ToStringJoiner, joined);
        result.To("output", Produced<int?, string>.With(Serdes.Nullable(Serdes.Int32), Serdes.String!));
        _driver = new TopologyTestDriver(builder.Build());
        StreamTopic = _driver.CreateInputTopic("streamTopic", Serdes.Nullable(Serdes.Int32), Serdes.String, DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        TableTopic = _driver.CreateInputTopic("tableTopic", Serdes.Nullable(Serdes.Int32), Serdes.String, DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        _output = _driver.CreateOutputTopic("output", Serdes.Nullable(Serdes.Int32), Serdes.String);
    }

    public TestInputTopic<int?, string?> StreamTopic { get; }

    public TestInputTopic<int?, string?> TableTopic { get; }

    /// <summary>Kafka's <c>pushToStream</c>: key i valued prefix + i at timestamp i.</summary>
    public void PushToStream(int count, string prefix)
    {
        for (var i = 0; i < count; i++)
        {
            StreamTopic.PipeInput(ExpectedKeys[i], prefix + ExpectedKeys[i], i);
        }
    }

    /// <summary>Kafka's <c>pushToTable</c> (random timestamps: here fixed ones far ahead) and <c>pushToTableNonRandom</c> (timestamp 0).</summary>
    public void PushToTable(int count, string prefix, bool nonRandom = false)
    {
        for (var i = 0; i < count; i++)
        {
            TableTopic.PipeInput(ExpectedKeys[i], prefix + ExpectedKeys[i], nonRandom ? 0 : 1_000_000 + (i * 7919));
        }
    }

    /// <summary>Kafka's <c>pushNullValueToTable</c>: deletes keys 0 and 1 (auto timestamp 0).</summary>
    public void PushNullValueToTable()
    {
        for (var i = 0; i < 2; i++)
        {
            TableTopic.PipeInput(ExpectedKeys[i], null);
        }
    }

    public List<(int? Key, string? Value, long Timestamp)> Read() =>
        _output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs!.Value)).ToList();

    public void Dispose() => _driver.Dispose();

    private static string ToStringJoiner(string? value1, string? value2) => $"{value1 ?? "null"}+{value2 ?? "null"}";
}
