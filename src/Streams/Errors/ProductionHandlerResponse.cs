using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Internal;

namespace Streams.Errors;

/// <summary>What to do with a sink record that could not be serialized or sent, as Kafka Streams' <c>ProductionExceptionHandlerResponse</c>.</summary>
public enum ProductionHandlerResponse
{
    /// <summary>Stop: the stream thread fails at its next send or commit and no offset after the failure is committed.</summary>
    Fail,

    /// <summary>Drop the output record (counted as dropped, logged naming the input record) and go on.</summary>
    Continue,

    /// <summary>
    /// Send the record again (a fresh <c>delivery.timeout.ms</c>). Only for retriable send errors (timeouts, leader
    /// changes, not enough replicas); for any other error, and for serialization errors, it means <see cref="Fail"/>, as in
    /// Kafka Streams.
    /// </summary>
    Retry,
}
