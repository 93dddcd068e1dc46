namespace Streams.Dsl;

/// <summary>
/// How much a suppression buffer may hold and what happens when it is full, as Kafka Streams'
/// <c>Suppressed.BufferConfig</c>. Limits count buffered keys (one entry per key, however often it was updated)
/// and an estimate of their bytes (serialized key, values and record metadata). A config from
/// <see cref="MaxRecords"/> or <see cref="MaxBytes"/> emits the oldest entries early when a limit is exceeded
/// (<see cref="EmitEarlyWhenFull"/>), which reduces duplicates downstream without eliminating them;
/// <see cref="ShutDownWhenFull"/> and <see cref="Unbounded"/> give a <see cref="StrictBufferConfig"/>, which
/// never emits early. Immutable: every method returns a new config.
/// </summary>
public class BufferConfig
{
    private protected BufferConfig(long recordLimit, long byteLimit, bool shutDownWhenFull)
    {
        RecordLimit = recordLimit;
        ByteLimit = byteLimit;
        ShutsDownWhenFull = shutDownWhenFull;
    }

    /// <summary>The most keys the buffer holds; <see cref="long.MaxValue"/> when unbounded.</summary>
    public long RecordLimit { get; }

    /// <summary>The most bytes (estimated) the buffer holds; <see cref="long.MaxValue"/> when unbounded.</summary>
    public long ByteLimit { get; }

    /// <summary>
    /// <see langword="true"/> when exceeding a limit stops processing with a <see cref="StreamsException"/>;
    /// <see langword="false"/> when the oldest entries are emitted early instead.
    /// </summary>
    public bool ShutsDownWhenFull { get; }

    /// <summary>A buffer of at most <paramref name="recordLimit"/> keys that emits the oldest early when full, as Kafka Streams' <c>BufferConfig.maxRecords</c>.</summary>
    /// <param name="recordLimit">The most keys; not negative (0 buffers nothing: every update is emitted at once).</param>
    /// <returns>The config (bytes unbounded, emit early when full).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="recordLimit"/> is negative.</exception>
    public static BufferConfig MaxRecords(long recordLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recordLimit);
        return new BufferConfig(recordLimit, long.MaxValue, shutDownWhenFull: false);
    }

    /// <summary>A buffer of at most <paramref name="byteLimit"/> bytes that emits the oldest early when full, as Kafka Streams' <c>BufferConfig.maxBytes</c>.</summary>
    /// <param name="byteLimit">The most bytes (estimated); not negative.</param>
    /// <returns>The config (records unbounded, emit early when full).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteLimit"/> is negative.</exception>
    public static BufferConfig MaxBytes(long byteLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteLimit);
        return new BufferConfig(long.MaxValue, byteLimit, shutDownWhenFull: false);
    }

    /// <summary>
    /// A buffer without size limits, as Kafka Streams' <c>BufferConfig.unbounded</c>: it holds whatever the time
    /// limit requires, and the process runs out of memory rather than emitting early. Strict.
    /// </summary>
    /// <returns>The config.</returns>
    public static StrictBufferConfig Unbounded() => new(long.MaxValue, long.MaxValue);

    /// <summary>A copy limited to <paramref name="recordLimit"/> keys, keeping the other limit and the full strategy.</summary>
    /// <param name="recordLimit">The most keys; not negative.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="recordLimit"/> is negative.</exception>
    public BufferConfig WithMaxRecords(long recordLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recordLimit);
        return Copy(recordLimit, ByteLimit);
    }

    /// <summary>A copy limited to <paramref name="byteLimit"/> bytes, keeping the other limit and the full strategy.</summary>
    /// <param name="byteLimit">The most bytes (estimated); not negative.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteLimit"/> is negative.</exception>
    public BufferConfig WithMaxBytes(long byteLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteLimit);
        return Copy(RecordLimit, byteLimit);
    }

    /// <summary>A strict copy without size limits, as Kafka Streams' <c>withNoBound</c>.</summary>
    /// <returns>The copy.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Kafka Streams' fluent instance method.")]
    public StrictBufferConfig WithNoBound() => Unbounded();

    /// <summary>
    /// A strict copy that stops processing when a limit is exceeded, as Kafka Streams' <c>shutDownWhenFull</c>:
    /// the processor throws a <see cref="StreamsException"/> naming it and the buffer's counts and limits.
    /// </summary>
    /// <returns>The copy.</returns>
    public StrictBufferConfig ShutDownWhenFull() => new(RecordLimit, ByteLimit);

    /// <summary>A copy that emits the oldest entries early when a limit is exceeded, as Kafka Streams' <c>emitEarlyWhenFull</c>. Not strict.</summary>
    /// <returns>The copy.</returns>
    public BufferConfig EmitEarlyWhenFull() => new(RecordLimit, ByteLimit, shutDownWhenFull: false);

    /// <inheritdoc />
    public override string ToString() =>
        $"{(ShutsDownWhenFull ? "shut down" : "emit early")} when over {Limit(RecordLimit)} records or {Limit(ByteLimit)} bytes";

    private protected virtual BufferConfig Copy(long recordLimit, long byteLimit) => new(recordLimit, byteLimit, ShutsDownWhenFull);

    private static string Limit(long limit) => limit == long.MaxValue ? "unbounded" : limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
