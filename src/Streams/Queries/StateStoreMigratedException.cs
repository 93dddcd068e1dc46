namespace Streams.Queries;

/// <summary>
/// The store is no longer (or not) hosted here although the application runs: its task was closed or revoked, typically
/// because a rebalance moved it to another instance, as Kafka Streams' <c>StateStoreMigratedException</c>. Rediscover
/// the owner (<see cref="StreamsApplication.QueryMetadataForKey{TKey}"/>), then query there or get a new view here later.
/// </summary>
public class StateStoreMigratedException : InvalidStateStoreException
{
    /// <summary>Creates the exception with no message.</summary>
    public StateStoreMigratedException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Names the store and the partition.</param>
    public StateStoreMigratedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">Names the store and the partition.</param>
    /// <param name="innerException">The underlying failure.</param>
    public StateStoreMigratedException(string message, Exception innerException) : base(message, innerException) { }
}
