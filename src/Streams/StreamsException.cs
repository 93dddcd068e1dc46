namespace Streams;

/// <summary>
/// A failure of the stream processing runtime, as Kafka Streams' <c>StreamsException</c>. When it comes
/// from a record, the message names the task, processor, topic, partition and offset, and says what was
/// done with the record (processing stopped, nothing committed past it).
/// </summary>
public class StreamsException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public StreamsException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public StreamsException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public StreamsException(string message, Exception innerException) : base(message, innerException) { }
}
