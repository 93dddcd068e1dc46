namespace Streams.Dsl;

/// <summary>Names a branch of a split and optionally transforms or consumes it, as Kafka Streams' <c>Branched</c>.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed partial record Branched<TKey, TValue>
{
    /// <summary>The branch name, or null for its position.</summary>
    public string? Name { get; init; }

    /// <summary>Applied to the branch stream; its result is what the branch map holds (null: nothing is added).</summary>
    public Func<IKStream<TKey, TValue>, IKStream<TKey, TValue>?>? Function { get; init; }

    /// <summary>Names a branch.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The parameters.</returns>
    public static Branched<TKey, TValue> As(string name) => new() { Name = name };

    /// <summary>Transforms the branch stream.</summary>
    /// <param name="function">The function.</param>
    /// <param name="name">The branch name, or null.</param>
    /// <returns>The parameters.</returns>
    public static Branched<TKey, TValue> WithFunction(Func<IKStream<TKey, TValue>, IKStream<TKey, TValue>?> function, string? name = null) =>
        new() { Function = function, Name = name };

    /// <summary>Consumes the branch stream (for example with <c>To</c>); the branch is not in the returned map.</summary>
    /// <param name="consumer">The consumer.</param>
    /// <param name="name">The branch name, or null.</param>
    /// <returns>The parameters.</returns>
    public static Branched<TKey, TValue> WithConsumer(Action<IKStream<TKey, TValue>> consumer, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        return new() { Function = s => { consumer(s); return null; }, Name = name };
    }
}
