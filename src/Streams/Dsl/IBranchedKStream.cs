namespace Streams.Dsl;

/// <summary>Builds the branches of <see cref="IKStream{TKey, TValue}.Split"/>, as Kafka Streams' <c>BranchedKStream</c>. Each record goes to the first branch whose predicate it satisfies.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IBranchedKStream<TKey, TValue>
{
    /// <summary>Adds a branch for the records that satisfy <paramref name="predicate"/> and no earlier predicate.</summary>
    /// <param name="predicate">The predicate.</param>
    /// <param name="branched">The branch name (default: its 1-based position) and an optional function or consumer.</param>
    /// <returns>This builder.</returns>
    IBranchedKStream<TKey, TValue> Branch(Func<TKey, TValue, bool> predicate, Branched<TKey, TValue>? branched = null);

    /// <summary>Adds the default branch (records no predicate matched) and returns the branches.</summary>
    /// <param name="branched">The branch name (default <c>"0"</c>) and an optional function or consumer.</param>
    /// <returns>Branch streams by full name (split name + branch name).</returns>
    IReadOnlyDictionary<string, IKStream<TKey, TValue>> DefaultBranch(Branched<TKey, TValue>? branched = null);

    /// <summary>Returns the branches; records no predicate matched are dropped.</summary>
    /// <returns>Branch streams by full name.</returns>
    IReadOnlyDictionary<string, IKStream<TKey, TValue>> NoDefaultBranch();
}
