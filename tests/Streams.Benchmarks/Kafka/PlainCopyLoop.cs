using System.Diagnostics;
using Confluent.Kafka;

namespace Streams.Benchmarks.Kafka;

/// <summary>
/// The baseline: a hand-written Confluent.Kafka loop in a fresh consumer group, subscribed to the input
/// (the same group protocol and range assignment as the Streams runtime), that produces each consumed record
/// (key, value, headers, timestamp) to the output with a delivery handler, then flushes the producer.
/// </summary>
internal sealed class PlainCopyLoop(string bootstrapServers, string inputTopic, string outputTopic, long messages, string groupId)
{
    public KafkaRun Run(CancellationToken cancellationToken)
    {
        var consumerConfig = new ConsumerConfig(KafkaBenchmark.CommonConsumer())
        {
            BootstrapServers = bootstrapServers,
            GroupId = groupId + "-" + Guid.NewGuid().ToString("N")[..8],
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range,
        };
        var producerConfig = new ProducerConfig(KafkaBenchmark.CommonProducer())
        {
            BootstrapServers = bootstrapServers,
            Partitioner = Partitioner.Murmur2Random,
        };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(consumerConfig).Build();
        using var producer = new ProducerBuilder<byte[], byte[]>(producerConfig).Build();
        long acked = 0;
        Error? failure = null;
        void OnDelivery(DeliveryReport<byte[], byte[]> report)
        {
            if (report.Error.IsError)
            {
                failure ??= report.Error;
            }
            else
            {
                Interlocked.Increment(ref acked);
            }
        }

        var sw = Stopwatch.StartNew();
        consumer.Subscribe(inputTopic);
        TimeSpan? first = null;
        long consumed = 0;
        while (consumed < messages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var r = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (r is null || r.IsPartitionEOF)
            {
                continue;
            }

            first ??= sw.Elapsed;
            consumed++;
            var message = new Message<byte[], byte[]> { Key = r.Message.Key, Value = r.Message.Value, Headers = r.Message.Headers, Timestamp = r.Message.Timestamp };
            while (true)
            {
                try
                {
                    producer.Produce(outputTopic, message, OnDelivery);
                    break;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(100));
                }
            }
        }

        while (producer.Flush(TimeSpan.FromSeconds(1)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        var last = sw.Elapsed;
        if (failure is not null || Interlocked.Read(ref acked) != messages)
        {
            throw new InvalidOperationException($"The plain loop had {Interlocked.Read(ref acked):N0} of {messages:N0} messages acknowledged; first error: {failure?.Reason ?? "none"}.");
        }

        consumer.Close();
        return new KafkaRun(messages, first!.Value, last, 1);
    }
}
