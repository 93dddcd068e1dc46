namespace Streams.Queries;

/// <summary>
/// A store cannot be queried now, as Kafka Streams' <c>InvalidStateStoreException</c>: the application is not
/// running, the store is unknown, it is restoring, or it has moved to another instance. The message names the
/// store and the reason; retrying later (or asking <see cref="StreamsApplication.QueryMetadataForKey{TKey}"/> for
/// the new owner) is the usual answer.
/// </summary>
public class InvalidStateStoreException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public InvalidStateStoreException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Names the store and why it cannot be queried.</param>
    public InvalidStateStoreException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">Names the store and why it cannot be queried.</param>
    /// <param name="innerException">The underlying failure.</param>
    public InvalidStateStoreException(string message, Exception innerException) : base(message, innerException) { }
}
