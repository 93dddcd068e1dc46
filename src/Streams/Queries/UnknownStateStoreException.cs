namespace Streams.Queries;

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
