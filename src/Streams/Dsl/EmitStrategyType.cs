namespace Streams.Dsl;

/// <summary>The kinds of <see cref="EmitStrategy"/>, as Kafka Streams' <c>EmitStrategy.StrategyType</c>.</summary>
public enum EmitStrategyType
{
    /// <summary>Forward every update of a window.</summary>
    OnWindowUpdate,

    /// <summary>Forward each window's final result once, when it closes.</summary>
    OnWindowClose,
}
