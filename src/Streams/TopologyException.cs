namespace Streams;

/// <summary>A topology is invalid (for example a name used twice, or a missing serde), as Kafka Streams' <c>TopologyException</c>.</summary>
public class TopologyException : StreamsException
{
    /// <summary>Creates the exception with no message.</summary>
    public TopologyException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong with the topology.</param>
    public TopologyException(string message) : base("Invalid topology: " + message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is wrong with the topology.</param>
    /// <param name="innerException">The cause.</param>
    public TopologyException(string message, Exception innerException) : base("Invalid topology: " + message, innerException) { }
}
