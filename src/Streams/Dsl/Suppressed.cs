namespace Streams.Dsl;

/// <summary>
/// How <see cref="IKTable{TKey, TValue}.Suppress"/> holds back table updates, as Kafka Streams' <c>Suppressed</c>
/// (KIP-328). Updates are kept in a buffer, one entry per key (a later update replaces the earlier one but keeps
/// its place and its deadline), and emitted when their deadline passes in <b>stream time</b> — the largest record
/// timestamp the suppression has seen — never by wall-clock time: without new records nothing is emitted. The
/// buffer is an in-memory store with a changelog topic <c>{applicationId}-{name}-store-changelog</c> (or
/// <c>{applicationId}-KTABLE-SUPPRESS-STATE-STORE-n-changelog</c> when unnamed), restored on restart so suppressed
/// updates are not lost. Immutable: the <c>With*</c> methods return copies.
/// </summary>
/// <typeparam name="TKey">The key type of the table to suppress; <see cref="State.Windowed{TKey}"/> for <see cref="UntilWindowCloses"/>.</typeparam>
public sealed partial record Suppressed<TKey>
{
    private Suppressed(bool finalResults, long timeToWaitMs, BufferConfig bufferConfig)
    {
        FinalResults = finalResults;
        TimeToWaitMs = timeToWaitMs;
        BufferConfig = bufferConfig;
    }

    /// <summary>The processor name (the buffer store is <c>{name}-store</c>), or null to generate <c>KTABLE-SUPPRESS-n</c>.</summary>
    public string? Name { get; private init; }

    /// <summary>Whether the buffer has a changelog topic. Default <see langword="true"/>.</summary>
    public bool LoggingEnabled { get; private init; } = true;

    /// <summary>The buffer's limits and what happens when they are exceeded.</summary>
    public BufferConfig BufferConfig { get; }

    /// <summary><see langword="true"/> for <see cref="UntilWindowCloses"/>.</summary>
    internal bool FinalResults { get; }

    /// <summary>For <see cref="UntilTimeLimit"/>, the wait in milliseconds; unused for final results (the window grace is used).</summary>
    internal long TimeToWaitMs { get; }

    /// <summary>
    /// Emits only the final result of each window, as Kafka Streams' <c>Suppressed.untilWindowCloses</c>: an
    /// update of window <c>[start, end)</c> is held until stream time reaches <c>end + grace</c> (the grace of the
    /// upstream windowed aggregation, found through the topology), then the latest value is emitted once, with the
    /// timestamp of the record that produced it. Because the aggregation drops records for a closed window, that
    /// value is final. Deletes (tombstones) are not emitted. Only for tables keyed by <see cref="State.Windowed{TKey}"/>
    /// that come from a windowed aggregation.
    /// </summary>
    /// <param name="bufferConfig">A strict config: <see cref="BufferConfig.Unbounded"/>, or limits with <see cref="BufferConfig.ShutDownWhenFull"/>.</param>
    /// <returns>The suppression.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bufferConfig"/> is null.</exception>
    public static Suppressed<TKey> UntilWindowCloses(StrictBufferConfig bufferConfig)
    {
        ArgumentNullException.ThrowIfNull(bufferConfig);
        return new Suppressed<TKey>(finalResults: true, 0, bufferConfig);
    }

    /// <summary>
    /// Emits the latest value of a key once it has been buffered for <paramref name="timeToWaitForMoreEvents"/> of
    /// stream time, as Kafka Streams' <c>Suppressed.untilTimeLimit</c>: the first update of a key starts its timer
    /// (at the record's timestamp); later updates replace the buffered value without restarting it; the entry is
    /// emitted, with the change's old and new values and the timestamp of the latest record, when stream time
    /// reaches that timestamp plus the limit. Deletes are emitted like updates. With a size-limited
    /// <paramref name="bufferConfig"/> that emits early, the oldest entries are emitted before their time when the
    /// buffer is full.
    /// </summary>
    /// <param name="timeToWaitForMoreEvents">How long to wait per key, in stream time; not negative (zero emits at once).</param>
    /// <param name="bufferConfig">The buffer's limits and full strategy.</param>
    /// <returns>The suppression.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bufferConfig"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeToWaitForMoreEvents"/> is negative.</exception>
    public static Suppressed<TKey> UntilTimeLimit(TimeSpan timeToWaitForMoreEvents, BufferConfig bufferConfig)
    {
        ArgumentNullException.ThrowIfNull(bufferConfig);
        var ms = (long)timeToWaitForMoreEvents.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfNegative(ms, nameof(timeToWaitForMoreEvents));
        return new Suppressed<TKey>(finalResults: false, ms, bufferConfig);
    }

    /// <summary>Names the suppression processor; the buffer store is <c>{name}-store</c>, as Kafka Streams' <c>withName</c>.</summary>
    /// <param name="name">The name; ASCII letters, digits, '.', '_' and '-'.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">The name is empty, too long or has other characters.</exception>
    public Suppressed<TKey> WithName(string name)
    {
        Named.Validate(name);
        return this with { Name = name };
    }

    /// <summary>
    /// A copy whose buffer has no changelog, as Kafka Streams' <c>withLoggingDisabled</c>: buffered updates are
    /// lost when the task restarts or moves.
    /// </summary>
    /// <returns>The copy.</returns>
    public Suppressed<TKey> WithLoggingDisabled() => this with { LoggingEnabled = false };

    /// <summary>A copy whose buffer has a changelog (the default), as Kafka Streams' <c>withLoggingEnabled</c>.</summary>
    /// <returns>The copy.</returns>
    public Suppressed<TKey> WithLoggingEnabled() => this with { LoggingEnabled = true };
}
