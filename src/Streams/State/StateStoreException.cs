namespace Streams.State;

/// <summary>
/// A state store failed: it could not be opened, read or written, as Kafka Streams'
/// <c>ProcessorStateException</c>. The message names the store and, where known, its directory.
/// </summary>
public class StateStoreException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public StateStoreException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, naming the store.</param>
    public StateStoreException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed, naming the store.</param>
    /// <param name="innerException">The underlying failure.</param>
    public StateStoreException(string message, Exception innerException) : base(message, innerException) { }
}
