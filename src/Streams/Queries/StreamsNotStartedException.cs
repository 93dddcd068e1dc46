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
