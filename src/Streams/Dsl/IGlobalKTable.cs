using Streams.State;
namespace Streams.Dsl;

/// <summary>
/// A table fully replicated on every instance, loaded from its topic before processing starts, as Kafka
/// Streams' <c>GlobalKTable</c>. Joined from streams by a key selector; not co-partitioned.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IGlobalKTable<TKey, TValue>
{
    /// <summary>The name of the global store behind the table.</summary>
    string QueryableStoreName { get; }
}
