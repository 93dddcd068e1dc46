using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;

namespace Streams.State.Internal;

/// <summary>
/// Where a buffered record came from, as Kafka Streams' <c>ProcessorRecordContext</c>: its timestamp (epoch ms),
/// source topic, partition and offset (empty topic and -1 when unknown, e.g. while punctuating) and headers.
/// Restored with the buffer, so an update emitted after a restart carries its original timestamp and headers.
/// </summary>
internal sealed record BufferedRecordContext(long Timestamp, string Topic, int Partition, long Offset, Headers? Headers)
{
    /// <summary>Estimated bytes held, as Kafka Streams' <c>residentMemorySizeEstimate</c>: timestamp, offset, topic characters, partition, header keys and values.</summary>
    public long SizeEstimate
    {
        get
        {
            long size = 8 + 8 + Topic.Length + 4;
            if (Headers is not null)
            {
                foreach (var h in Headers)
                {
                    size += h.Key.Length + (h.GetValueBytes()?.Length ?? 0);
                }
            }

            return size;
        }
    }
}

/// <summary>
/// One buffered entry of a suppression buffer, as Kafka Streams' <c>BufferValue</c>: the record context and three
/// serialized values, each null when absent: the prior value (the table's value before the key was first buffered,
/// what downstream last saw), and the old and new values of the latest change. Its changelog encoding follows
/// Kafka Streams' version 3 layout, big-endian:
/// <c>timestamp(8) offset(8) topicLength(4) topic partition(4) headerCount(4) {keyLength(4) key valueLength(4, -1 = null) value}*
/// prior(4 + bytes, -1 = null) old(4 + bytes, -1 = null, -2 = same as prior) new(4 + bytes, -1 = null) bufferTime(8)</c>.
/// </summary>
internal sealed class BufferValue
{
    private const int NullSentinel = -1;
    private const int SameAsPriorSentinel = -2;

    public BufferValue(byte[]? prior, byte[]? old, byte[]? @new, BufferedRecordContext context)
    {
        // Prior and old are usually equal (on the first update of a key, always): share the array, count it once.
        Prior = old is not null && prior is not null && prior.AsSpan().SequenceEqual(old) ? old : prior;
        Old = old;
        New = @new;
        Context = context;
    }

    public byte[]? Prior { get; }

    public byte[]? Old { get; }

    public byte[]? New { get; }

    public BufferedRecordContext Context { get; }

    /// <summary>Estimated bytes held (the prior value counted once when it is the old value), plus the context.</summary>
    public long SizeEstimate =>
        (Prior?.Length ?? 0) + (Old is null || ReferenceEquals(Prior, Old) ? 0 : Old.Length) + (New?.Length ?? 0) + Context.SizeEstimate;

    /// <summary>Encodes the entry and its buffer time for the changelog.</summary>
    public byte[] Serialize(long bufferTime)
    {
        var topic = Encoding.UTF8.GetBytes(Context.Topic);
        var headers = Context.Headers?.Select(h => (Key: Encoding.UTF8.GetBytes(h.Key), Value: h.GetValueBytes())).ToList() ?? [];
        var sameAsPrior = Old is not null && ReferenceEquals(Prior, Old);
        var size = 8 + 8 + 4 + topic.Length + 4 + 4 + headers.Sum(h => 8 + h.Key.Length + (h.Value?.Length ?? 0))
            + 4 + (Prior?.Length ?? 0) + 4 + (sameAsPrior ? 0 : Old?.Length ?? 0) + 4 + (New?.Length ?? 0) + 8;
        var bytes = new byte[size];
        var writer = new Writer(bytes);
        writer.Int64(Context.Timestamp);
        writer.Int64(Context.Offset);
        writer.Array(topic);
        writer.Int32(Context.Partition);
        writer.Int32(headers.Count);
        foreach (var (key, value) in headers)
        {
            writer.Array(key);
            writer.Array(value);
        }

        writer.Array(Prior);
        if (sameAsPrior)
        {
            writer.Int32(SameAsPriorSentinel);
        }
        else
        {
            writer.Array(Old);
        }

        writer.Array(New);
        writer.Int64(bufferTime);
        return bytes;
    }

    /// <summary>Decodes a changelog value written by <see cref="Serialize"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a buffer entry.</exception>
    public static (long BufferTime, BufferValue Value) Deserialize(byte[] bytes)
    {
        try
        {
            var reader = new Reader(bytes);
            var timestamp = reader.Int64();
            var offset = reader.Int64();
            var topic = Encoding.UTF8.GetString(reader.Array() ?? []);
            var partition = reader.Int32();
            var headerCount = reader.Int32();
            Headers? headers = null;
            if (headerCount > 0)
            {
                headers = [];
                for (var i = 0; i < headerCount; i++)
                {
                    var key = Encoding.UTF8.GetString(reader.Array() ?? []);
                    headers.Add(key, reader.Array());
                }
            }

            var prior = reader.Array();
            var oldLength = reader.Int32();
            var old = oldLength == SameAsPriorSentinel ? prior : reader.Bytes(oldLength);
            var @new = reader.Array();
            var bufferTime = reader.Int64();
            if (!reader.AtEnd)
            {
                throw new InvalidDataException("trailing bytes");
            }

            return (bufferTime, new BufferValue(prior, old, @new, new BufferedRecordContext(timestamp, topic, partition, offset, headers)));
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException($"Not a suppression buffer changelog value ({bytes.Length} bytes): {e.Message}", e);
        }
    }

    private ref struct Writer(Span<byte> bytes)
    {
        private readonly Span<byte> _bytes = bytes;
        private int _position;

        public void Int64(long value)
        {
            BinaryPrimitives.WriteInt64BigEndian(_bytes[_position..], value);
            _position += 8;
        }

        public void Int32(int value)
        {
            BinaryPrimitives.WriteInt32BigEndian(_bytes[_position..], value);
            _position += 4;
        }

        public void Array(byte[]? value)
        {
            Int32(value?.Length ?? NullSentinel);
            value?.CopyTo(_bytes[_position..]);
            _position += value?.Length ?? 0;
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _position;

        public readonly bool AtEnd => _position == _bytes.Length;

        public long Int64()
        {
            var value = BinaryPrimitives.ReadInt64BigEndian(_bytes[_position..]);
            _position += 8;
            return value;
        }

        public int Int32()
        {
            var value = BinaryPrimitives.ReadInt32BigEndian(_bytes[_position..]);
            _position += 4;
            return value;
        }

        public byte[]? Array() => Bytes(Int32());

        public byte[]? Bytes(int length)
        {
            if (length == NullSentinel)
            {
                return null;
            }

            ArgumentOutOfRangeException.ThrowIfNegative(length);
            var value = _bytes.Slice(_position, length).ToArray();
            _position += length;
            return value;
        }
    }
}
