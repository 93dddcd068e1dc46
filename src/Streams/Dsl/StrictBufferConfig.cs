namespace Streams.Dsl;

/// <summary>
/// A buffer config that never emits early, as Kafka Streams' <c>Suppressed.StrictBufferConfig</c>: it is
/// unbounded, or it stops processing with a <see cref="StreamsException"/> when a limit is exceeded. Required by
/// <see cref="Suppressed{TKey}.UntilWindowCloses"/>, whose promise of one final result per window an early
/// emission would break.
/// </summary>
public sealed class StrictBufferConfig : BufferConfig
{
    internal StrictBufferConfig(long recordLimit, long byteLimit)
        : base(recordLimit, byteLimit, shutDownWhenFull: true)
    {
    }

    /// <summary>A strict copy limited to <paramref name="recordLimit"/> keys.</summary>
    /// <param name="recordLimit">The most keys; not negative.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="recordLimit"/> is negative.</exception>
    public new StrictBufferConfig WithMaxRecords(long recordLimit) => (StrictBufferConfig)base.WithMaxRecords(recordLimit);

    /// <summary>A strict copy limited to <paramref name="byteLimit"/> bytes.</summary>
    /// <param name="byteLimit">The most bytes (estimated); not negative.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteLimit"/> is negative.</exception>
    public new StrictBufferConfig WithMaxBytes(long byteLimit) => (StrictBufferConfig)base.WithMaxBytes(byteLimit);

    private protected override BufferConfig Copy(long recordLimit, long byteLimit) => new StrictBufferConfig(recordLimit, byteLimit);
}
