using Confluent.Kafka;
using Streams.Serialization;
using Streams.TestDriver.Internal;

namespace Streams.TestDriver;

/// <summary>
/// Reads what the topology wrote to one topic of a <see cref="TopologyTestDriver"/>, as Kafka Streams'
/// <c>TestOutputTopic</c>: records come in the order they were sent and each is returned once (reading
/// consumes it; output topics for the same name share one queue). Any topic can be read, including
/// repartition topics <c>{applicationId}-{name}-repartition</c> and changelog topics
/// <c>{applicationId}-{store}-changelog</c>. Not thread-safe.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class TestOutputTopic<TKey, TValue>
{
    private readonly TopologyTestDriver _driver;
    private readonly ISerde<TKey> _keySerde;
    private readonly ISerde<TValue> _valueSerde;

    internal TestOutputTopic(TopologyTestDriver driver, string name, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        _driver = driver;
        Name = name;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
    }

    /// <summary>The topic name.</summary>
    public string Name { get; }

    /// <summary>The number of records written and not read yet.</summary>
    public int QueueSize => _driver.Collector.OutputCount(Name);

    /// <summary><see langword="true"/> when every record written so far has been read.</summary>
    public bool IsEmpty => QueueSize == 0;

    /// <summary>Reads the next record's value.</summary>
    /// <returns>The value (null for a tombstone of a reference type).</returns>
    /// <exception cref="InvalidOperationException">There are no more records in the topic.</exception>
    public TValue ReadValue() => ReadRecord().Value;

    /// <summary>Reads the next record's key and value.</summary>
    /// <returns>The key and value.</returns>
    /// <exception cref="InvalidOperationException">There are no more records in the topic.</exception>
    public KeyValuePair<TKey, TValue> ReadKeyValue()
    {
        var record = ReadRecord();
        return new(record.Key, record.Value);
    }

    /// <summary>Reads the next record with its timestamp and headers.</summary>
    /// <returns>The record.</returns>
    /// <exception cref="InvalidOperationException">There are no more records in the topic.</exception>
    public TestRecord<TKey, TValue> ReadRecord()
    {
        if (!_driver.Collector.TryTakeOutput(Name, out var raw))
        {
            var never = _driver.Collector.WasProduced(Name) ? string.Empty : " (the topology never wrote to it)";
            throw new InvalidOperationException($"Topic '{Name}' has no more records to read{never}.");
        }

        var headers = raw.Headers;
        var key = _keySerde.Deserialize(raw.Key, raw.Key is null, new SerializationContext(MessageComponentType.Key, Name, headers));
        var value = _valueSerde.Deserialize(raw.Value, raw.Value is null, new SerializationContext(MessageComponentType.Value, Name, headers));
        return new TestRecord<TKey, TValue>(key, value, raw.Timestamp, headers);
    }

    /// <summary>Reads every remaining record.</summary>
    /// <returns>The records in send order.</returns>
    public IReadOnlyList<TestRecord<TKey, TValue>> ReadRecordsToList() => Drain(ReadRecord);

    /// <summary>Reads every remaining record's value.</summary>
    /// <returns>The values in send order.</returns>
    public IReadOnlyList<TValue> ReadValuesToList() => Drain(ReadValue);

    /// <summary>Reads every remaining record's key and value.</summary>
    /// <returns>The pairs in send order.</returns>
    public IReadOnlyList<KeyValuePair<TKey, TValue>> ReadKeyValuesToList() => Drain(ReadKeyValue);

    /// <summary>
    /// Reads every remaining record into a map: the last value per key wins, a tombstone included (the key stays, with a
    /// null value), as Kafka Streams' <c>readKeyValuesToMap</c>. For a value type, read with a nullable serde
    /// (<see cref="Serdes.Nullable{T}(ISerde{T})"/>) to see tombstones as null.
    /// </summary>
    /// <returns>The latest value per key; null for a key whose latest record is a tombstone.</returns>
    /// <exception cref="InvalidOperationException">A record has a null key (the records before it are consumed).</exception>
    public IReadOnlyDictionary<TKey, TValue> ReadKeyValuesToMap()
    {
#pragma warning disable CS8714 // TKey may be a nullable type argument; null keys are rejected below.
        var map = new Dictionary<TKey, TValue>();
#pragma warning restore CS8714
        while (!IsEmpty)
        {
            var (key, value) = ReadKeyValue();
            if (key is null)
            {
                throw new InvalidOperationException($"Topic '{Name}' has a record with a null key; ReadKeyValuesToMap needs keys. Use ReadKeyValuesToList.");
            }

            map[key] = value;
        }

        return map;
    }

    /// <inheritdoc />
    public override string ToString() => $"TestOutputTopic[topic='{Name}', size={QueueSize}]";

    private List<T> Drain<T>(Func<T> read)
    {
        var list = new List<T>(QueueSize);
        while (!IsEmpty)
        {
            list.Add(read());
        }

        return list;
    }
}
