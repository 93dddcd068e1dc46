using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using Confluent.Kafka;
using FlightDelays;

namespace Streams.Benchmarks.Benchmarks;

/// <summary>
/// The two JSON steps the flight topology runs per record, the largest layers of the in-process breakdown: the sink's
/// <see cref="WindowResult"/> serialization (<see cref="FlightTopology.ResultSerde"/>) and the global-table join's
/// <see cref="Airport"/> deserialization (every lookup deserializes the stored row). For comparison, the same
/// <see cref="WindowResult"/> through a source-generated context without the example's custom DateTimeOffset
/// converter (which keeps System.Text.Json off its generated fast path).
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class JsonSerdeBenchmarks
{
    private static readonly SerializationContext ValueContext = new(MessageComponentType.Value, FlightTopology.StatsTopic);
    private WindowResult _result = null!;
    private byte[] _airport = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        var airport = new Airport("ATL", "William B Hartsfield-Atlanta Intl", "Atlanta", "GA");
        _result = WindowResult.Create("ATL", 978_307_200_000, 978_310_800_000, new DelayStats(42, 420, 95), airport);
        _airport = FlightTopology.AirportSerde.Serialize(airport, ValueContext);
    }

    [Benchmark(Baseline = true)]
    public byte[] SerializeWindowResult() => FlightTopology.ResultSerde.Serialize(_result, ValueContext);

    [Benchmark]
    public byte[] SerializeWindowResultWithoutConverter() => JsonSerializer.SerializeToUtf8Bytes(_result, PlainJsonContext.Default.WindowResult);

    [Benchmark]
    public Airport? DeserializeAirport() => FlightTopology.AirportSerde.Deserialize(_airport, false, ValueContext);
}

/// <summary>WindowResult with System.Text.Json's default DateTimeOffset format (no custom converter).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WindowResult))]
internal sealed partial class PlainJsonContext : JsonSerializerContext;
