namespace Streams.Queries;

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
