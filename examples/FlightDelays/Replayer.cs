using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace FlightDelays;

/// <summary>
/// Replays flight CSV lines into the <c>flights</c> topic keyed by origin, with the scheduled departure as
/// the record timestamp (CreateTime), paced so that no more than <see cref="MaxAhead"/> records are
/// produced beyond what the application has processed (the mock broker keeps only the newest 100,000
/// messages / 5 MiB per partition and silently drops older ones). Skips lines already in the topic, so a
/// second run against the same broker resumes instead of duplicating input. With a logger, librdkafka's log of these
/// clients goes to it (see <see cref="KafkaClientLog"/>) instead of stderr.
/// </summary>
public sealed class Replayer(string bootstrapServers, Func<long> processed, ILogger? clientLog = null)
{
    public const int MaxAhead = 40_000;

    public long Produced { get; private set; }

    public long Skipped { get; private set; }

    public async Task<long> RunAsync(IEnumerable<string> lines, long alreadyInTopic, long maxRecords, CancellationToken cancellationToken)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Partitioner = Partitioner.Murmur2Random,
            LingerMs = 5,
            EnableIdempotence = true,
        };
        using var producer = WithLog(new ProducerBuilder<string?, string>(config), clientLog).Build();
        Exception? failure = null;
        long lastTimestamp = 0;
        try
        {
            return await ProduceAllAsync();
        }
        finally
        {
            // Even when cancelled: deliver everything handed to the producer, so the topic holds a prefix of the input
            // and a later run can resume by skipping exactly the records already there.
            producer.Flush(TimeSpan.FromSeconds(60));
        }

        async Task<long> ProduceAllAsync()
        {
            foreach (var line in lines)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Skipped < alreadyInTopic)
                {
                    Skipped++;
                    continue;
                }

                if (Produced >= maxRecords)
                {
                    break;
                }

                var timestamp = FlightParser.TryParse(line, out var flight, out _) ? flight.TimestampMs : lastTimestamp;
                lastTimestamp = timestamp;
                while (Produced - processed() > MaxAhead)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                    await Task.Delay(20, cancellationToken).ConfigureAwait(false);
                }

                var message = new Message<string?, string> { Key = FlightParser.ExtractOrigin(line), Value = line, Timestamp = new Timestamp(timestamp, TimestampType.CreateTime) };
                while (true)
                {
                    try
                    {
                        producer.Produce(FlightTopology.FlightsTopic, message, r =>
                        {
                            if (r.Error.IsError)
                            {
                                failure ??= new KafkaException(r.Error);
                            }
                        });
                        break;
                    }
                    catch (ProduceException<string?, string> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(TimeSpan.FromMilliseconds(100));
                    }
                }

                Produced++;
                if (failure is not null)
                {
                    throw new InvalidOperationException("Producing flights failed: " + failure.Message, failure);
                }
            }

            producer.Flush(cancellationToken);
            return failure is null ? Produced : throw new InvalidOperationException("Producing flights failed: " + failure.Message, failure);
        }
    }

    /// <summary>Loads the airports table into its topic (key = IATA code, value = JSON).</summary>
    public static void LoadAirports(string bootstrapServers, IReadOnlyList<Airport> airports, ILogger? clientLog = null)
    {
        using var producer = WithLog(new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 5 }), clientLog).Build();
        foreach (var a in airports)
        {
            producer.Produce(FlightTopology.AirportsTopic, new Message<string, byte[]>
            {
                Key = a.Iata,
                Value = FlightTopology.AirportSerde.Serialize(a, new SerializationContext(MessageComponentType.Value, FlightTopology.AirportsTopic)),
            });
        }

        if (producer.Flush(TimeSpan.FromSeconds(30)) > 0)
        {
            throw new InvalidOperationException("Loading airports did not finish within 30 s.");
        }
    }

    /// <summary>Sum of the end offsets of a topic's partitions (records ever written, as offsets start at 0).</summary>
    public static long EndOffsetSum(string bootstrapServers, string topic, TimeSpan timeout, ILogger? clientLog = null)
    {
        var adminBuilder = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers });
        using var admin = (clientLog is null ? adminBuilder : adminBuilder.SetLogHandler(KafkaClientLog.Handler(clientLog))).Build();
        var md = admin.GetMetadata(topic, timeout);
        using var consumer = WithLog(new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "flight-delays-inspector" }), clientLog).Build();
        return md.Topics.SelectMany(t => t.Partitions)
            .Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), timeout).High.Value);
    }

    internal static ProducerBuilder<TKey, TValue> WithLog<TKey, TValue>(ProducerBuilder<TKey, TValue> builder, ILogger? clientLog) =>
        clientLog is null ? builder : builder.SetLogHandler(KafkaClientLog.Handler(clientLog));

    internal static ConsumerBuilder<TKey, TValue> WithLog<TKey, TValue>(ConsumerBuilder<TKey, TValue> builder, ILogger? clientLog) =>
        clientLog is null ? builder : builder.SetLogHandler(KafkaClientLog.Handler(clientLog));

    internal static string HeaderText(Headers headers, string key) =>
        headers.TryGetLastBytes(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : string.Empty;
}
