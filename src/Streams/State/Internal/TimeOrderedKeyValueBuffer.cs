using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;
using Streams.Internal;
using Streams.Processor;
using Streams.Serialization;

namespace Streams.State.Internal;

/// <summary>
/// Holds stream records for a grace period in timestamp order, as Kafka Streams' <c>RocksDBTimeOrderedKeyValueBuffer</c>
/// behind the stream-table join's grace period (KIP-923). A store over an ordered key-value bytes store (in memory
/// or RocksDB, normally changelogged), laid out as
/// <code>
/// timestamp (8, big-endian, sign bit flipped) || sequence number (8, BE)  ->  key, value, headers and source of the record
/// </code>
/// so that iteration is by timestamp, then arrival. The buffer's stream time is the largest timestamp it has
/// accepted; after a restart it is the largest buffered timestamp. Not thread-safe.
/// </summary>
internal sealed class TimeOrderedKeyValueBuffer<TKey, TValue>(IKeyValueBytesStore inner, long gracePeriodMs, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    : IStateStore
{
    private const int EntryKeySize = 16;

    private string _topic = inner.Name;
    private long _streamTime = long.MinValue;
    private long _nextSequence;
    private bool _loaded;

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    /// <summary>The grace period in milliseconds.</summary>
    public long GracePeriodMs { get; } = gracePeriodMs;

    /// <summary>The largest timestamp accepted so far, or <see cref="long.MinValue"/>.</summary>
    public long StreamTime
    {
        get
        {
            Load();
            return _streamTime;
        }
    }

    /// <summary>The number of buffered records.</summary>
    public long Count => inner.ApproximateNumEntries;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        ArgumentNullException.ThrowIfNull(context);
        _topic = InternalTopicNames.Changelog(context.ApplicationId, Name);
        inner.Init(context, root);
    }

    /// <summary>
    /// Buffers <paramref name="record"/> unless it is late (older than <c>streamTime - grace</c>), and advances the
    /// buffer's stream time. Returns false, buffering nothing, for a late record.
    /// </summary>
    public bool Put(Record<TKey, TValue> record, RecordMetadata? source)
    {
        Load();
        if (_streamTime != long.MinValue && record.TimestampMs < _streamTime - GracePeriodMs)
        {
            return false;
        }

        _streamTime = Math.Max(_streamTime, record.TimestampMs);
        inner.Put(EntryKey(record.TimestampMs, _nextSequence++), Encode(record, source));
        return true;
    }

    /// <summary>Removes and hands to <paramref name="emit"/>, in timestamp order, every record at or before <c>streamTime - grace</c>.</summary>
    public void EvictExpired(Action<Record<TKey, TValue>, RecordMetadata?> emit)
    {
        ArgumentNullException.ThrowIfNull(emit);
        Load();
        if (_streamTime == long.MinValue)
        {
            return;
        }

        var due = new List<KeyValuePair<byte[], byte[]>>();
        using (var range = inner.Range(null, EntryKey(_streamTime - GracePeriodMs, long.MaxValue)))
        {
            while (range.MoveNext())
            {
                due.Add(range.Current);
            }
        }

        foreach (var (key, value) in due)
        {
            inner.Delete(key);
            var (record, source) = Decode(ReadTimestamp(key), value);
            emit(record, source);
        }
    }

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();

    /// <summary>Reads the stream time and next sequence number from what is stored (after restore), once.</summary>
    private void Load()
    {
        if (_loaded)
        {
            return;
        }

        _loaded = true;
        using var entries = inner.Range(null, null);
        while (entries.MoveNext())
        {
            var key = entries.Current.Key;
            _streamTime = Math.Max(_streamTime, ReadTimestamp(key));
            _nextSequence = Math.Max(_nextSequence, BinaryPrimitives.ReadInt64BigEndian(key.AsSpan(8)) + 1);
        }
    }

    private static byte[] EntryKey(long timestampMs, long sequence)
    {
        var key = new byte[EntryKeySize];
        BinaryPrimitives.WriteUInt64BigEndian(key, unchecked((ulong)timestampMs ^ 0x8000_0000_0000_0000UL));
        BinaryPrimitives.WriteInt64BigEndian(key.AsSpan(8), sequence);
        return key;
    }

    private static long ReadTimestamp(ReadOnlySpan<byte> entryKey) =>
        unchecked((long)(BinaryPrimitives.ReadUInt64BigEndian(entryKey) ^ 0x8000_0000_0000_0000UL));

    private byte[] Encode(Record<TKey, TValue> record, RecordMetadata? source)
    {
        var key = record.Key is null ? null : keySerde.Serialize(record.Key, new SerializationContext(MessageComponentType.Key, _topic));
        var value = record.Value is null ? null : valueSerde.Serialize(record.Value, new SerializationContext(MessageComponentType.Value, _topic));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            WriteBytes(writer, key);
            WriteBytes(writer, value);
            var headers = record.Headers;
            writer.Write(headers?.Count ?? -1);
            if (headers is not null)
            {
                foreach (var header in headers)
                {
                    writer.Write(header.Key);
                    WriteBytes(writer, header.GetValueBytes());
                }
            }

            writer.Write(source is not null);
            if (source is not null)
            {
                writer.Write(source.Topic);
                writer.Write(source.Partition);
                writer.Write(source.Offset);
            }
        }

        return stream.ToArray();
    }

    private (Record<TKey, TValue> Record, RecordMetadata? Source) Decode(long timestampMs, byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        var key = ReadBytes(reader);
        var value = ReadBytes(reader);
        Headers? headers = null;
        var headerCount = reader.ReadInt32();
        if (headerCount >= 0)
        {
            headers = new Headers();
            for (var i = 0; i < headerCount; i++)
            {
                var name = reader.ReadString();
                headers.Add(name, ReadBytes(reader));
            }
        }

        var source = reader.ReadBoolean() ? new RecordMetadata(reader.ReadString(), reader.ReadInt32(), reader.ReadInt64()) : null;
        var typedKey = key is null ? default! : keySerde.Deserialize(key, false, new SerializationContext(MessageComponentType.Key, _topic));
        var typedValue = value is null ? default! : valueSerde.Deserialize(value, false, new SerializationContext(MessageComponentType.Value, _topic));
        return (new Record<TKey, TValue>(typedKey, typedValue, timestampMs, headers), source);
    }

    private static void WriteBytes(BinaryWriter writer, byte[]? bytes)
    {
        writer.Write(bytes?.Length ?? -1);
        if (bytes is not null)
        {
            writer.Write(bytes);
        }
    }

    private static byte[]? ReadBytes(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        return length < 0 ? null : reader.ReadBytes(length);
    }
}
