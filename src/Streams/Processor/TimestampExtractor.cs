namespace Streams.Processor;

/// <summary>
/// Extracts a record's event time, as Kafka Streams' <c>TimestampExtractor</c>. The default uses the
/// Kafka record timestamp (CreateTime or LogAppendTime). Must return a non-negative epoch-millisecond
/// timestamp; a negative one fails the task, naming the record.
/// </summary>
/// <typeparam name="TKey">The deserialized key type.</typeparam>
/// <typeparam name="TValue">The deserialized value type.</typeparam>
/// <param name="key">The deserialized key.</param>
/// <param name="value">The deserialized value.</param>
/// <param name="recordTimestampMs">The Kafka record timestamp, epoch ms.</param>
/// <param name="partitionTimeMs">The largest timestamp extracted so far from this partition, or -1.</param>
/// <returns>The event time, epoch ms.</returns>
public delegate long TimestampExtractor<in TKey, in TValue>(TKey key, TValue value, long recordTimestampMs, long partitionTimeMs);
