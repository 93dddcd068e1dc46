using Confluent.Kafka;
using Streams.Serialization;

namespace Streams.TestDriver;

/// <summary>
/// Pipes records into one input topic of a <see cref="TopologyTestDriver"/>, as Kafka Streams'
/// <c>TestInputTopic</c>. Each pipe call serializes the record with the topic's serdes, appends it to the
/// topic's single partition (offsets from 0) and returns only after the topology processed it and every
/// record it caused on topics the topology reads itself (repartition topics, or a sink topic another
/// sub-topology reads). Records piped without a timestamp get the topic's current time, which then moves
/// by the auto-advance step (default start: the driver's wall-clock time at creation; default step: zero).
/// Not thread-safe.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class TestInputTopic<TKey, TValue>
{
    private readonly TopologyTestDriver _driver;
    private readonly ISerde<TKey> _keySerde;
    private readonly ISerde<TValue> _valueSerde;
    private readonly TimeSpan _autoAdvance;
    private DateTimeOffset _currentTime;

    internal TestInputTopic(TopologyTestDriver driver, string name, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, DateTimeOffset startTimestamp, TimeSpan autoAdvance)
    {
        _driver = driver;
        Name = name;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
        _currentTime = startTimestamp;
        _autoAdvance = autoAdvance;
    }

    /// <summary>The topic name.</summary>
    public string Name { get; }

    /// <summary>The timestamp the next record piped without one gets.</summary>
    public DateTimeOffset CurrentTime => _currentTime;

    /// <summary>Moves the topic's auto time forward, as Kafka Streams' <c>TestInputTopic#advanceTime</c>.</summary>
    /// <param name="advance">How far; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="advance"/> is negative.</exception>
    public void AdvanceTime(TimeSpan advance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(advance, TimeSpan.Zero);
        _currentTime += advance;
    }

    /// <summary>Pipes one record with an explicit timestamp; the topic's auto time does not move.</summary>
    /// <param name="key">The key; may be null.</param>
    /// <param name="value">The value; may be null (a tombstone).</param>
    /// <param name="timestampMs">The record timestamp, milliseconds since the Unix epoch; not negative.</param>
    /// <param name="headers">Headers, or null for none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timestampMs"/> is negative (a Kafka producer rejects it).</exception>
    /// <exception cref="StreamsException">Deserialization or processing failed; the message names the task, processor and record.</exception>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public void PipeInput(TKey key, TValue value, long timestampMs, Headers? headers = null) =>
        PipeInput(new TestRecord<TKey, TValue>(key, value, timestampMs, headers));

    /// <summary>Pipes one record with an explicit timestamp; the topic's auto time does not move.</summary>
    /// <param name="key">The key; may be null.</param>
    /// <param name="value">The value; may be null (a tombstone).</param>
    /// <param name="timestamp">The record timestamp; millisecond precision, not before the Unix epoch.</param>
    /// <param name="headers">Headers, or null for none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timestamp"/> is before the epoch.</exception>
    /// <exception cref="StreamsException">Deserialization or processing failed.</exception>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public void PipeInput(TKey key, TValue value, DateTimeOffset timestamp, Headers? headers = null) =>
        PipeInput(new TestRecord<TKey, TValue>(key, value, timestamp, headers));

    /// <summary>Pipes one record stamped with the topic's auto time, which then advances by the auto-advance step.</summary>
    /// <param name="key">The key; may be null.</param>
    /// <param name="value">The value; may be null (a tombstone).</param>
    /// <exception cref="StreamsException">Deserialization or processing failed.</exception>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public void PipeInput(TKey key, TValue value) => PipeInput(new TestRecord<TKey, TValue>(key, value));

    /// <summary>
    /// Pipes one value with the default key (<c>default(TKey)</c>: null for reference types, serialized
    /// by the key serde) stamped with the topic's auto time.
    /// </summary>
    /// <param name="value">The value; may be null (a tombstone).</param>
    /// <exception cref="StreamsException">Deserialization or processing failed.</exception>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public void PipeInput(TValue value) => PipeInput(new TestRecord<TKey, TValue>(value));

    /// <summary>Pipes one record; a record without a timestamp gets the topic's auto time.</summary>
    /// <param name="record">The record.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="StreamsException">Deserialization or processing failed.</exception>
    /// <exception cref="ObjectDisposedException">The driver was disposed.</exception>
    public void PipeInput(TestRecord<TKey, TValue> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var timestampMs = record.TimestampMs ?? NextAutoTimestamp();
        var key = _keySerde.Serialize(record.Key, new SerializationContext(MessageComponentType.Key, Name, record.Headers));
        var value = _valueSerde.Serialize(record.Value, new SerializationContext(MessageComponentType.Value, Name, record.Headers));
        _driver.Pipe(Name, key, value, record.Headers, timestampMs);
    }

    /// <summary>Pipes records in order, each processed before the next is piped.</summary>
    /// <param name="records">The records.</param>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null.</exception>
    /// <exception cref="StreamsException">Deserialization or processing failed; later records are not piped.</exception>
    public void PipeRecordList(IEnumerable<TestRecord<TKey, TValue>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            PipeInput(record);
        }
    }

    /// <summary>Pipes key-value pairs in order, stamped with the topic's auto time.</summary>
    /// <param name="keyValues">The pairs.</param>
    /// <exception cref="ArgumentNullException"><paramref name="keyValues"/> is null.</exception>
    /// <exception cref="StreamsException">Deserialization or processing failed; later records are not piped.</exception>
    public void PipeKeyValueList(IEnumerable<KeyValuePair<TKey, TValue>> keyValues)
    {
        ArgumentNullException.ThrowIfNull(keyValues);
        foreach (var (key, value) in keyValues)
        {
            PipeInput(key, value);
        }
    }

    /// <summary>
    /// Pipes key-value pairs in order with timestamps <paramref name="startTimestamp"/>, start + advance,
    /// start + 2 × advance, ...; the topic's auto time is not used or changed, as Kafka Streams'
    /// <c>pipeKeyValueList(list, startTimestamp, advance)</c>.
    /// </summary>
    /// <param name="keyValues">The pairs.</param>
    /// <param name="startTimestamp">The first record's timestamp.</param>
    /// <param name="advance">The step between records; not negative.</param>
    /// <exception cref="ArgumentNullException"><paramref name="keyValues"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="advance"/> is negative.</exception>
    public void PipeKeyValueList(IEnumerable<KeyValuePair<TKey, TValue>> keyValues, DateTimeOffset startTimestamp, TimeSpan advance)
    {
        ArgumentNullException.ThrowIfNull(keyValues);
        ArgumentOutOfRangeException.ThrowIfLessThan(advance, TimeSpan.Zero);
        var timestamp = startTimestamp;
        foreach (var (key, value) in keyValues)
        {
            PipeInput(key, value, timestamp);
            timestamp += advance;
        }
    }

    /// <summary>Pipes values in order with the default key, stamped with the topic's auto time.</summary>
    /// <param name="values">The values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public void PipeValueList(IEnumerable<TValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            PipeInput(value);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"TestInputTopic[topic='{Name}', currentTime={_currentTime:O}]";

    private long NextAutoTimestamp()
    {
        var timestamp = _currentTime;
        _currentTime += _autoAdvance;
        return timestamp.ToUnixTimeMilliseconds();
    }
}
