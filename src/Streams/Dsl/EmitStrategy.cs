namespace Streams.Dsl;

/// <summary>
/// When a windowed aggregation forwards its results, as Kafka Streams' <c>EmitStrategy</c> (KIP-825). Set it
/// with <see cref="ITimeWindowedKStream{TKey, TValue}.EmitStrategy"/>; the default is <see cref="OnWindowUpdate"/>.
/// </summary>
public sealed record EmitStrategy
{
    private static readonly EmitStrategy Update = new(EmitStrategyType.OnWindowUpdate);
    private static readonly EmitStrategy Close = new(EmitStrategyType.OnWindowClose);

    private EmitStrategy(EmitStrategyType type) => Type = type;

    /// <summary>Which strategy this is.</summary>
    public EmitStrategyType Type { get; }

    /// <summary>
    /// Forward every update of a window (subject to the record cache, which merges updates between commits),
    /// as Kafka Streams' <c>EmitStrategy.onWindowUpdate()</c>. The default.
    /// </summary>
    /// <returns>The strategy.</returns>
    public static EmitStrategy OnWindowUpdate() => Update;

    /// <summary>
    /// Forward each window's final result exactly once, when the window closes (stream time passes its end plus
    /// the grace period), as Kafka Streams' <c>EmitStrategy.onWindowClose()</c>. Updates are kept in the store
    /// only; windows that never received a record emit nothing. Nothing is forwarded when the record cache flushes:
    /// as in Kafka Streams, time windows keep the cache as a read/write cache, sliding and session windows do not use it.
    /// </summary>
    /// <returns>The strategy.</returns>
    public static EmitStrategy OnWindowClose() => Close;
}
