using System.Text;
using Confluent.Kafka;
using Streams.Internal;

namespace Streams.Processor;

/// <summary>
/// Where the record being processed came from, as Kafka Streams' <c>RecordMetadata</c>. Absent while
/// punctuating.
/// </summary>
/// <param name="Topic">The source topic.</param>
/// <param name="Partition">The source partition.</param>
/// <param name="Offset">The record's offset in that partition.</param>
public sealed record RecordMetadata(string Topic, int Partition, long Offset)
{
    /// <inheritdoc />
    public override string ToString() => $"{Topic}-{Partition}@{Offset}";
}
