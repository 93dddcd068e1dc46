using Confluent.Kafka;
using FlightDelays;
using Streamiz.Kafka.Net.SerDes;

namespace Streams.Benchmarks.Peer;

/// <summary>The 20-byte big-endian <see cref="DelayStats"/> form, as the Streams side's serde.</summary>
internal sealed class DelayStatsSerDes : AbstractSerDes<DelayStats>
{
    public override byte[] Serialize(DelayStats data, SerializationContext context) => data.ToBytes();

    public override DelayStats Deserialize(byte[] data, SerializationContext context) => DelayStats.FromBytes(data);
}
