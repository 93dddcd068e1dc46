using System.Diagnostics.CodeAnalysis;

namespace Streams.Dsl;

/// <summary>
/// How <see cref="IKTable{TKey, TValue}.Suppress"/> holds back updates, without the key type, as Kafka Streams'
/// <c>Suppressed.untilWindowCloses(...)</c> and <c>Suppressed.untilTimeLimit(...)</c>:
/// <c>counts.Suppress(Suppressed.UntilWindowCloses(BufferConfig.Unbounded()))</c>. It converts to the
/// <see cref="Suppressed{TKey}"/> of the table's key type; see <see cref="Suppressed{TKey}"/> for the semantics.
/// </summary>
public sealed record Suppressed
{
    private Suppressed(bool finalResults, TimeSpan timeToWait, BufferConfig bufferConfig)
    {
        FinalResults = finalResults;
        TimeToWait = timeToWait;
        BufferConfig = bufferConfig;
    }

    /// <summary>The processor name, or null to generate one.</summary>
    public string? Name { get; private init; }

    /// <summary>Whether the buffer has a changelog topic. Default <see langword="true"/>.</summary>
    public bool LoggingEnabled { get; private init; } = true;

    /// <summary>The buffer's limits and what happens when they are exceeded.</summary>
    public BufferConfig BufferConfig { get; }

    private bool FinalResults { get; }

    private TimeSpan TimeToWait { get; }

    /// <summary>Emits only the final result of each window, as Kafka Streams' <c>Suppressed.untilWindowCloses</c>; see <see cref="Suppressed{TKey}.UntilWindowCloses"/>.</summary>
    /// <param name="bufferConfig">A strict config: <see cref="BufferConfig.Unbounded"/>, or limits with <see cref="BufferConfig.ShutDownWhenFull"/>.</param>
    /// <returns>The untyped suppression.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bufferConfig"/> is null.</exception>
    public static Suppressed UntilWindowCloses(StrictBufferConfig bufferConfig)
    {
        ArgumentNullException.ThrowIfNull(bufferConfig);
        return new(finalResults: true, TimeSpan.Zero, bufferConfig);
    }

    /// <summary>Emits the latest value of a key once it has been buffered for a stream-time limit, as Kafka Streams' <c>Suppressed.untilTimeLimit</c>; see <see cref="Suppressed{TKey}.UntilTimeLimit"/>.</summary>
    /// <param name="timeToWaitForMoreEvents">The limit, not negative.</param>
    /// <param name="bufferConfig">The buffer's limits.</param>
    /// <returns>The untyped suppression.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bufferConfig"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeToWaitForMoreEvents"/> is negative.</exception>
    public static Suppressed UntilTimeLimit(TimeSpan timeToWaitForMoreEvents, BufferConfig bufferConfig)
    {
        ArgumentNullException.ThrowIfNull(bufferConfig);
        ArgumentOutOfRangeException.ThrowIfNegative((long)timeToWaitForMoreEvents.TotalMilliseconds, nameof(timeToWaitForMoreEvents));
        return new(finalResults: false, timeToWaitForMoreEvents, bufferConfig);
    }

    /// <summary>A copy with a processor name (the buffer store is <c>{name}-store</c>).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">The name is empty or illegal.</exception>
    public Suppressed WithName(string name)
    {
        Named.Validate(name);
        return this with { Name = name };
    }

    /// <summary>A copy whose buffer has no changelog.</summary>
    /// <returns>The copy.</returns>
    public Suppressed WithLoggingDisabled() => this with { LoggingEnabled = false };

    /// <summary>A copy whose buffer has a changelog (the default).</summary>
    /// <returns>The copy.</returns>
    public Suppressed WithLoggingEnabled() => this with { LoggingEnabled = true };

    /// <summary>The typed suppression.</summary>
    /// <typeparam name="TKey">The table's key type.</typeparam>
    /// <returns>The suppression.</returns>
    internal Suppressed<TKey> ToTyped<TKey>()
    {
        var typed = FinalResults
            ? Suppressed<TKey>.UntilWindowCloses((StrictBufferConfig)BufferConfig)
            : Suppressed<TKey>.UntilTimeLimit(TimeToWait, BufferConfig);
        typed = Name is null ? typed : typed.WithName(Name);
        return LoggingEnabled ? typed : typed.WithLoggingDisabled();
    }
}

/// <content>The conversion from the untyped <see cref="Suppressed"/>.</content>
public sealed partial record Suppressed<TKey>
{
    /// <summary>The typed suppression of an untyped one (<see cref="Suppressed.UntilWindowCloses"/>...): same kind, buffer, name and logging.</summary>
    /// <param name="settings">The untyped suppression, or null.</param>
    /// <returns>The typed suppression, or null when <paramref name="settings"/> is.</returns>
    [return: NotNullIfNotNull(nameof(settings))]
    public static implicit operator Suppressed<TKey>?(Suppressed? settings) => settings?.ToTyped<TKey>();
}
