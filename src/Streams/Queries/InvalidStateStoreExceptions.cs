namespace Streams.Queries;

/// <summary>
/// The application has not been started yet, so no store can be queried, as Kafka Streams'
/// <c>StreamsNotStartedException</c>. Call <see cref="StreamsApplication.StartAsync"/> first and retry.
/// </summary>
public class StreamsNotStartedException : InvalidStateStoreException
{
    /// <summary>Creates the exception with no message.</summary>
    public StreamsNotStartedException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Names the store and the application state.</param>
    public StreamsNotStartedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">Names the store and the application state.</param>
    /// <param name="innerException">The underlying failure.</param>
    public StreamsNotStartedException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// The application is rebalancing and the store asked for is still being restored, as Kafka Streams'
/// <c>StreamsRebalancingException</c>. Retry once the application is <see cref="StreamsState.Running"/>, or accept
/// possibly stale answers with <see cref="StoreQueryParameters{TStore}.EnableStaleStores"/>.
/// </summary>
public class StreamsRebalancingException : InvalidStateStoreException
{
    /// <summary>Creates the exception with no message.</summary>
    public StreamsRebalancingException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Names the store, the partition and the reason.</param>
    public StreamsRebalancingException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">Names the store, the partition and the reason.</param>
    /// <param name="innerException">The underlying failure.</param>
    public StreamsRebalancingException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// The topology has no store of that name, as Kafka Streams' <c>UnknownStateStoreException</c>. The message lists the
/// names of the stores the topology has (see also <see cref="Topology.Describe"/>). Retrying does not help.
/// </summary>
public class UnknownStateStoreException : InvalidStateStoreException
{
    /// <summary>Creates the exception with no message.</summary>
    public UnknownStateStoreException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Names the store and the known store names.</param>
    public UnknownStateStoreException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">Names the store and the known store names.</param>
    /// <param name="innerException">The underlying failure.</param>
    public UnknownStateStoreException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// The partition asked for with <see cref="StoreQueryParameters{TStore}.WithPartition"/> is not hosted by this instance
/// (now), as Kafka Streams' <c>InvalidStateStorePartitionException</c>. Ask
/// <see cref="StreamsApplication.QueryMetadataForKey{TKey}"/> which instance hosts it.
/// </summary>
public class InvalidStateStorePartitionException : InvalidStateStoreException
{
    /// <summary>Creates the exception with no message.</summary>
    public InvalidStateStorePartitionException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Names the store and the partition.</param>
    public InvalidStateStorePartitionException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">Names the store and the partition.</param>
    /// <param name="innerException">The underlying failure.</param>
    public InvalidStateStorePartitionException(string message, Exception innerException) : base(message, innerException) { }
}

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
