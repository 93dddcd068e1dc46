namespace Streams.Queries;

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
