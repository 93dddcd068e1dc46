using System.Text;
using Confluent.Kafka;

namespace Streams.Tests.Support;

/// <summary>Builds consumed records as the Kafka consumer hands them over.</summary>
internal static class RawRecords
{
    public static ConsumeResult<byte[], byte[]> Create(string topic, int partition, long offset, long timestampMs, byte[]? key, byte[]? value) =>
        new()
        {
            Topic = topic,
            Partition = new Partition(partition),
            Offset = new Offset(offset),
            Message = new Message<byte[], byte[]>
            {
                Key = key!,
                Value = value!,
                Timestamp = new Timestamp(timestampMs, TimestampType.CreateTime),
                Headers = new Headers(),
            },
        };

    public static ConsumeResult<byte[], byte[]> Utf8(string topic, int partition, long offset, long timestampMs, string key, string value) =>
        Create(topic, partition, offset, timestampMs, Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value));
}
