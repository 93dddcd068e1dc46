using Streams.Dsl;
using Streams.Serialization;
using Streams.Testing;

namespace Streams.TestDriver.Tests.Support;

/// <summary>
/// The setup of Kafka Streams' <c>KStreamGlobalKTableJoinTest</c> and <c>KStreamGlobalKTableLeftJoinTest</c> on our test
/// driver: "streamTopic" (Int32 keys) joined with the global table of "globalTableTopic" (string keys) by the second
/// comma-separated token of the stream value (null when absent), with Kafka's <c>MockValueJoiner.TOSTRING_JOINER</c>;
/// both input topics stamp their records 0, 1, 2, ... as Kafka's (auto-advance 1 ms).
/// </summary>
internal sealed class KafkaStreamGlobalTableJoinDriver : IDisposable
{
    private static readonly int[] ExpectedKeys = [0, 1, 2, 3];
    private readonly TopologyTestDriver _driver;
    private readonly TestInputTopic<int?, string?> _stream;
    private readonly TestInputTopic<string?, string?> _table;
    private readonly TestOutputTopic<int?, string?> _output;

    public KafkaStreamGlobalTableJoinDriver(bool leftJoin)
    {
        var builder = new StreamsBuilder();
        var stream = builder.Stream("streamTopic", Consumed<int?, string?>.With(Serdes.Nullable(Serdes.Int32), Serdes.String));
        var table = builder.GlobalTable("globalTableTopic", Consumed<string?, string?>.With(Serdes.String, Serdes.String));
        static string? KeyMapper(int? key, string? value)
        {
            var tokens = value!.Split(',');
            return tokens.Length > 1 ? tokens[1] : null;
        }

        var result = leftJoin ? stream.LeftJoin(table, KeyMapper, ToStringJoiner) : stream.Join(table, KeyMapper, ToStringJoiner);
        result.To("output", Produced<int?, string>.With(Serdes.Nullable(Serdes.Int32), Serdes.String!));
        _driver = new TopologyTestDriver(builder.Build());
        _stream = _driver.CreateInputTopic("streamTopic", Serdes.Nullable(Serdes.Int32), Serdes.String, DateTimeOffset.UnixEpoch, TimeSpan.FromMilliseconds(1));
        _table = _driver.CreateInputTopic("globalTableTopic", Serdes.String, Serdes.String, DateTimeOffset.UnixEpoch, TimeSpan.FromMilliseconds(1));
        _output = _driver.CreateOutputTopic("output", Serdes.Nullable(Serdes.Int32), Serdes.String);
    }

    /// <summary>Kafka's <c>pushToStream</c>: key i (null for the first when <paramref name="includeNullKey"/>) valued prefix + i [+ ",FKey" + i].</summary>
    public void PushToStream(int count, string prefix, bool includeForeignKey, bool includeNullKey)
    {
        for (var i = 0; i < count; i++)
        {
            var value = prefix + ExpectedKeys[i] + (includeForeignKey ? ",FKey" + ExpectedKeys[i] : string.Empty);
            _stream.PipeInput(includeNullKey && i == 0 ? null : ExpectedKeys[i], value);
        }
    }

    /// <summary>Kafka's <c>pushToGlobalTable</c>.</summary>
    public void PushToGlobalTable(int count, string prefix)
    {
        for (var i = 0; i < count; i++)
        {
            _table.PipeInput("FKey" + ExpectedKeys[i], prefix + ExpectedKeys[i]);
        }
    }

    /// <summary>Kafka's <c>pushNullValueToGlobalTable</c>.</summary>
    public void PushNullValueToGlobalTable(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _table.PipeInput("FKey" + ExpectedKeys[i], null);
        }
    }

    public List<(int? Key, string? Value, long Timestamp)> Read() =>
        _output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs!.Value)).ToList();

    public void Dispose() => _driver.Dispose();

    private static string ToStringJoiner(string? value1, string? value2) => $"{value1 ?? "null"}+{value2 ?? "null"}";
}
