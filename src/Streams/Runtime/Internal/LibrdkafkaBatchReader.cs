using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Streams.Runtime.Internal;

/// <summary>
/// Reads a Confluent.Kafka consumer's records in batches straight from librdkafka
/// (<c>rd_kafka_consume_batch_queue</c> on the consumer's queue), for changelog restores: one queue lock per up to
/// <see cref="Capacity"/> records, and each record's key and value read in place from librdkafka's fetch buffers
/// instead of being copied into a <see cref="ConsumeResult{TKey, TValue}"/> with two arrays per record. The consumer
/// stays a Confluent.Kafka consumer (assign, seek, position, watermarks go through it); only the reading of records
/// bypasses its per-record marshalling. librdkafka updates the consumer's position as the batch API hands records out,
/// as it does for <c>Consume</c>, and serves error and statistics callbacks from the same call.
/// </summary>
/// <remarks>
/// The records of a batch stay valid until the next <see cref="Read(TimeSpan)"/> or <see cref="Dispose"/>, which destroy them;
/// dispose the reader before the consumer. Not thread-safe.
/// </remarks>
internal sealed unsafe partial class LibrdkafkaBatchReader : IDisposable
{
    /// <summary>Records read per call at most.</summary>
    public const int Capacity = 1000;

    private const string LibraryName = LibrdkafkaLoader.StreamsImportName;

    /// <summary><c>RD_KAFKA_RESP_ERR__PARTITION_EOF</c>: an end-of-partition event, not an error.</summary>
    private const int PartitionEof = -191;

    /// <summary><c>RD_KAFKA_RESP_ERR__FATAL</c>: a fatal error was raised; <c>rd_kafka_fatal_error</c> tells which.</summary>
    private const int FatalError = -150;

    private readonly SafeHandle _client;
    private readonly IntPtr _queue;
    private readonly IntPtr[] _messages = new IntPtr[Capacity];
    private readonly Dictionary<IntPtr, string> _topicNames = [];
    private int _count;
    private bool _disposed;

    private LibrdkafkaBatchReader(SafeHandle client, IntPtr queue)
    {
        _client = client;
        _queue = queue;
    }

    /// <summary>The number of records the last <see cref="Read(TimeSpan)"/> returned.</summary>
    public int Count => _count;

    /// <summary>
    /// A batch reader over <paramref name="consumer"/>'s librdkafka instance, or null when the consumer is not a
    /// Confluent.Kafka consumer (a test double) or its internals differ from Confluent.Kafka 2.16's, or Confluent.Kafka runs on another librdkafka than the one Streams loaded (the caller then
    /// reads with <see cref="IConsumer{TKey, TValue}.Consume(TimeSpan)"/>).
    /// </summary>
    public static LibrdkafkaBatchReader? TryCreate(IConsumer<byte[], byte[]> consumer)
    {
        if (consumer.GetType().Assembly != typeof(Handle).Assembly || !SameLibraryAsConfluent())
        {
            return null;
        }

        SafeHandle? client;
        try
        {
            // Confluent.Kafka keeps the rd_kafka_t in an internal SafeKafkaHandle; it exposes no public accessor.
            client = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(consumer.Handle) as SafeHandle;
        }
        catch (Exception e) when (e is TargetInvocationException or NotSupportedException or InvalidOperationException or ObjectDisposedException)
        {
            return null;
        }

        if (client is null || client.IsInvalid || client.IsClosed)
        {
            return null;
        }

        var added = false;
        client.DangerousAddRef(ref added);
        var queue = rd_kafka_queue_get_consumer(client.DangerousGetHandle());
        if (queue == IntPtr.Zero)
        {
            // No consumer group queue (no group.id): nothing to read from in batches.
            client.DangerousRelease();
            return null;
        }

        return new LibrdkafkaBatchReader(client, queue);
    }

    /// <summary>
    /// Whether Confluent.Kafka runs on the library <see cref="LibrdkafkaLoader"/> loaded (this reader's imports resolve to
    /// it): not so when a Confluent.Kafka client was made before Streams registered its resolver and Confluent.Kafka's own
    /// probing found another librdkafka. Compared by version, the one thing Confluent.Kafka tells of its library.
    /// </summary>
    private static bool SameLibraryAsConfluent()
    {
        try
        {
            LibrdkafkaLoader.Load();
            return string.Equals(Marshal.PtrToStringUTF8(rd_kafka_version_str()), Library.VersionString, StringComparison.Ordinal);
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Destroys the records of the previous batch that were not taken, then waits up to <paramref name="timeout"/> for
    /// records and returns how many arrived (0 on timeout). End-of-partition events are dropped.
    /// </summary>
    /// <exception cref="ConsumeException">librdkafka delivered an error for a partition (e.g. offset out of range);
    /// it names the topic, partition and offset. The batch's records are destroyed.</exception>
    /// <exception cref="KafkaException">The batch call itself failed.</exception>
    public int Read(TimeSpan timeout) => Read(timeout, Capacity);

    /// <summary>
    /// As <see cref="Read(TimeSpan)"/>, taking at most <paramref name="maxRecords"/> records (and at most
    /// <see cref="Capacity"/>); records beyond it stay queued in librdkafka for the next call.
    /// </summary>
    /// <exception cref="ConsumeException">librdkafka delivered an error for a partition (e.g. offset out of range) or a
    /// fatal consumer error (<see cref="Error.IsFatal"/> set, as Confluent.Kafka's <c>Consume</c> reports it).</exception>
    /// <exception cref="KafkaException">The batch call itself failed.</exception>
    public int Read(TimeSpan timeout, int maxRecords)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ReleaseBatch();

        // Topic handles are only compared within one batch (its messages keep theirs alive); names are cached per batch.
        _topicNames.Clear();
        var size = (nuint)Math.Clamp(maxRecords, 1, Capacity);
        nint n;
        fixed (IntPtr* messages = _messages)
        {
            // The batch call waits until the batch is full or the timeout passes: take what is queued without waiting,
            // and when nothing is, wait for one record only, then take what came with it.
            n = Checked(rd_kafka_consume_batch_queue(_queue, 0, messages, size));
            if (n == 0)
            {
                n = Checked(rd_kafka_consume_batch_queue(_queue, (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue), messages, 1));
                if (n == 1 && size > 1)
                {
                    n += Checked(rd_kafka_consume_batch_queue(_queue, 0, messages + 1, size - 1));
                }
            }
        }

        var kept = 0;
        for (var i = 0; i < (int)n; i++)
        {
            var m = (RdKafkaMessage*)_messages[i];
            if (m->Err == 0)
            {
                _messages[kept++] = _messages[i];
                continue;
            }

            if (m->Err == PartitionEof)
            {
                rd_kafka_message_destroy(_messages[i]);
                continue;
            }

            var failure = new ConsumeException(
                new ConsumeResult<byte[], byte[]> { TopicPartitionOffset = new TopicPartitionOffset(TopicName(m->Topic), m->Partition, m->Offset) },
                MessageError(m));
            _count = kept;
            for (var j = i; j < (int)n; j++)
            {
                rd_kafka_message_destroy(_messages[j]);
            }

            ReleaseBatch();
            throw failure;
        }

        _count = kept;
        return kept;
    }

    /// <summary>
    /// The error of an error message, as Confluent.Kafka's <c>Consume</c> reports it: <c>RD_KAFKA_RESP_ERR__FATAL</c> is
    /// replaced by the underlying fatal error (<c>rd_kafka_fatal_error</c>), marked fatal.
    /// </summary>
    private Error MessageError(RdKafkaMessage* m)
    {
        if (m->Err == FatalError)
        {
            const int bufferSize = 512;
            var buffer = stackalloc byte[bufferSize];
            var code = rd_kafka_fatal_error(_client.DangerousGetHandle(), buffer, bufferSize);
            if (code != 0)
            {
                return new Error((ErrorCode)code, Marshal.PtrToStringUTF8((IntPtr)buffer) ?? string.Empty, isFatal: true);
            }
        }

        return new Error((ErrorCode)m->Err, ErrorText(m));
    }

    private static nint Checked(nint n) =>
        n >= 0 ? n : throw new KafkaException(new Error((ErrorCode)rd_kafka_last_error(), "rd_kafka_consume_batch_queue failed"));

    /// <summary>The <paramref name="index"/>th record of the last batch (valid until it is destroyed).</summary>
    public Record this[int index] => new((RdKafkaMessage*)_messages[index], this);

    /// <summary>
    /// A copy of the <paramref name="index"/>th record of the last batch as Confluent.Kafka's <c>Consume</c> returns it:
    /// key and value copied (null when absent, empty when empty), timestamp and its type, headers (an empty collection
    /// when there are none), leader epoch; <paramref name="topic"/> is the record's topic name (see <see cref="Record.Topic"/>),
    /// passed in so that one string serves every record of a topic. The copy outlives the batch.
    /// </summary>
    public ConsumeResult<byte[], byte[]> ToConsumeResult(int index, string topic)
    {
        var m = (RdKafkaMessage*)_messages[index];
        var timestampMs = rd_kafka_message_timestamp((IntPtr)m, out var timestampType);
        var leaderEpoch = rd_kafka_message_leader_epoch((IntPtr)m);
        return new ConsumeResult<byte[], byte[]>
        {
            Topic = topic,
            Partition = new Partition(m->Partition),
            Offset = new Offset(m->Offset),
            LeaderEpoch = leaderEpoch < 0 ? null : leaderEpoch,
            Message = new Message<byte[], byte[]>
            {
                Key = Copy(m->Key, m->KeyLength)!,
                Value = Copy(m->Payload, m->Length)!,
                Timestamp = new Timestamp(timestampMs, (TimestampType)timestampType),
                Headers = ReadHeaders((IntPtr)m),
            },
        };
    }

    private static byte[]? Copy(IntPtr data, nuint length) =>
        data == IntPtr.Zero ? null : new ReadOnlySpan<byte>((void*)data, checked((int)length)).ToArray();

    /// <summary>The message's headers, as Confluent.Kafka reads them (a null header value stays null).</summary>
    private static Headers ReadHeaders(IntPtr message)
    {
        var headers = new Headers();
        if (rd_kafka_message_headers(message, out var native) != 0 || native == IntPtr.Zero)
        {
            return headers;
        }

        for (nuint i = 0; rd_kafka_header_get_all(native, i, out var name, out var value, out var size) == 0; i++)
        {
            headers.Add(Marshal.PtrToStringUTF8(name) ?? string.Empty, Copy(value, size));
        }

        return headers;
    }

    /// <summary>Destroys the last batch's records and releases the consumer queue; the consumer itself stays open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReleaseBatch();
        rd_kafka_queue_destroy(_queue);
        _client.DangerousRelease();
    }

    /// <summary>Destroys the last batch's records now (after they were copied) instead of at the next <see cref="Read(TimeSpan)"/>.</summary>
    public void ReleaseRecords() => ReleaseBatch();

    private void ReleaseBatch()
    {
        for (var i = 0; i < _count; i++)
        {
            rd_kafka_message_destroy(_messages[i]);
            _messages[i] = IntPtr.Zero;
        }

        _count = 0;
    }

    private string TopicName(IntPtr topic)
    {
        if (topic == IntPtr.Zero)
        {
            return string.Empty;
        }

        if (!_topicNames.TryGetValue(topic, out var name))
        {
            name = Marshal.PtrToStringUTF8(rd_kafka_topic_name(topic)) ?? string.Empty;
            _topicNames[topic] = name;
        }

        return name;
    }

    private static string ErrorText(RdKafkaMessage* m) =>
        m->Payload != IntPtr.Zero && m->Length > 0
            ? Marshal.PtrToStringUTF8(m->Payload, (int)Math.Min(m->Length, 4096)) ?? string.Empty
            : Marshal.PtrToStringUTF8(rd_kafka_err2str(m->Err)) ?? string.Empty;

    /// <summary>A record of a batch: views into librdkafka's memory, valid until its message is destroyed.</summary>
    public readonly struct Record
    {
        private readonly RdKafkaMessage* _message;
        private readonly LibrdkafkaBatchReader _reader;

        internal Record(RdKafkaMessage* message, LibrdkafkaBatchReader reader)
        {
            _message = message;
            _reader = reader;
        }

        /// <summary>librdkafka's topic handle: equal handles mean the same topic (cheaper than comparing names).</summary>
        public IntPtr TopicHandle => _message->Topic;

        /// <summary>The topic's name (looked up once per topic handle).</summary>
        public string Topic => _reader.TopicName(_message->Topic);

        /// <summary>The partition.</summary>
        public int Partition => _message->Partition;

        /// <summary>The offset.</summary>
        public long Offset => _message->Offset;

        /// <summary>Whether the record has a key (a null key is absent, an empty one is not).</summary>
        public bool HasKey => _message->Key != IntPtr.Zero;

        /// <summary>Whether the value is null (a tombstone).</summary>
        public bool IsTombstone => _message->Payload == IntPtr.Zero;

        /// <summary>The key bytes (empty when null).</summary>
        public ReadOnlySpan<byte> Key => new((void*)_message->Key, checked((int)_message->KeyLength));

        /// <summary>The value bytes (empty when null).</summary>
        public ReadOnlySpan<byte> Value => new((void*)_message->Payload, checked((int)_message->Length));

        /// <summary>The record's timestamp in milliseconds since the Unix epoch (<c>rd_kafka_message_timestamp</c>; -1 when none).</summary>
        public long TimestampMs => rd_kafka_message_timestamp((IntPtr)_message, out _);
    }

    /// <summary><c>rd_kafka_message_t</c> (rdkafka.h), stable across librdkafka versions.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct RdKafkaMessage
    {
        public int Err;
        public IntPtr Topic;
        public int Partition;
        public IntPtr Payload;
        public nuint Length;
        public IntPtr Key;
        public nuint KeyLength;
        public long Offset;
        public IntPtr Private;
    }

    [LibraryImport(LibraryName)]
    private static partial IntPtr rd_kafka_queue_get_consumer(IntPtr rk);

    [LibraryImport(LibraryName)]
    private static partial void rd_kafka_queue_destroy(IntPtr queue);

    [LibraryImport(LibraryName)]
    private static partial nint rd_kafka_consume_batch_queue(IntPtr queue, int timeoutMs, IntPtr* messages, nuint size);

    [LibraryImport(LibraryName)]
    private static partial void rd_kafka_message_destroy(IntPtr message);

    [LibraryImport(LibraryName)]
    private static partial long rd_kafka_message_timestamp(IntPtr message, out int timestampType);

    [LibraryImport(LibraryName)]
    private static partial IntPtr rd_kafka_topic_name(IntPtr topic);

    [LibraryImport(LibraryName)]
    private static partial IntPtr rd_kafka_err2str(int err);

    [LibraryImport(LibraryName)]
    private static partial int rd_kafka_last_error();

    [LibraryImport(LibraryName)]
    private static partial IntPtr rd_kafka_version_str();

    [LibraryImport(LibraryName)]
    private static partial int rd_kafka_message_leader_epoch(IntPtr message);

    [LibraryImport(LibraryName)]
    private static partial int rd_kafka_message_headers(IntPtr message, out IntPtr headers);

    [LibraryImport(LibraryName)]
    private static partial int rd_kafka_header_get_all(IntPtr headers, nuint index, out IntPtr name, out IntPtr value, out nuint size);

    [LibraryImport(LibraryName)]
    private static partial int rd_kafka_fatal_error(IntPtr rk, byte* errstr, nuint errstrSize);
}
