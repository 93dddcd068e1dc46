namespace Streams;

/// <summary>
/// No Kafka broker could be reached at startup: none of the bootstrap servers answered a metadata request within
/// <see cref="StreamsOptions.StartupTimeout"/> (the broker is down, the address or port is wrong, or the connection is
/// refused by TLS or SASL). The message is one sentence naming the servers, the timeout, what failed and what to check.
/// </summary>
public class KafkaUnreachableException : StreamsException
{
    /// <summary>Creates the exception with no message.</summary>
    public KafkaUnreachableException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public KafkaUnreachableException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public KafkaUnreachableException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>
    /// Creates the exception with the sentence "Could not reach the Kafka brokers at {bootstrapServers} within {timeout}:
    /// {failure}. Check that the brokers run and that BootstrapServers (bootstrap.servers) and the security settings are right."
    /// </summary>
    /// <param name="bootstrapServers">The bootstrap servers that were tried.</param>
    /// <param name="timeout">How long the client tried.</param>
    /// <param name="failure">What failed, as a clause without a final period (for example "no broker answered a metadata request").</param>
    /// <param name="innerException">The client's exception, or null.</param>
    public KafkaUnreachableException(string bootstrapServers, TimeSpan timeout, string failure, Exception? innerException)
        : base(Sentence(bootstrapServers, timeout, failure), innerException!)
    {
        BootstrapServers = bootstrapServers;
        Timeout = timeout;
    }

    /// <summary>The bootstrap servers that were tried, or null when the exception was created from a message only.</summary>
    public string? BootstrapServers { get; }

    /// <summary>How long the client tried; <see cref="TimeSpan.Zero"/> when the exception was created from a message only.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// A librdkafka error reason without what only the client's own log needs: the broker prefix and the state suffix, so
    /// "127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused (after 0ms in state CONNECT)" becomes
    /// "Connect to ipv4#127.0.0.1:1 failed: Connection refused".
    /// </summary>
    /// <param name="reason">The reason of a Confluent.Kafka <c>Error</c>.</param>
    /// <returns>The shortened reason, without a final period.</returns>
    public static string ShortReason(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var text = System.Text.RegularExpressions.Regex.Replace(reason, @"^\S+/(bootstrap|\d+): ", string.Empty);
        text = System.Text.RegularExpressions.Regex.Replace(text, @"\s*\(after \d+ms in state .*\)\s*$", string.Empty);
        return text.TrimEnd('.', ' ');
    }

    private static string Sentence(string bootstrapServers, TimeSpan timeout, string failure)
    {
        var seconds = timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        return $"Could not reach the Kafka brokers at {bootstrapServers} within {seconds} s: {failure.TrimEnd('.', ' ')}. "
            + "Check that the brokers run and that BootstrapServers (bootstrap.servers) and the security settings are right.";
    }
}
