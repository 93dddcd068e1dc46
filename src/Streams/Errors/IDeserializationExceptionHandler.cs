using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Streams.Errors;

/// <summary>
/// Decides what happens to a record that fails deserialization (or whose extracted timestamp is negative), as Kafka
/// Streams' <c>DeserializationExceptionHandler</c>. The default is <see cref="LogAndFailExceptionHandler"/>. The runtime
/// calls <see cref="HandleError"/>; a handler that only implements <see cref="Handle"/> writes no dead-letter records.
/// Implementations must be thread-safe: one instance serves every task.
/// </summary>
public interface IDeserializationExceptionHandler
{
    /// <summary>Decides the fate of one record.</summary>
    /// <param name="record">The raw record, with its topic, partition and offset.</param>
    /// <param name="exception">The deserialization failure.</param>
    /// <param name="logger">The runtime's logger.</param>
    /// <returns>Fail or continue.</returns>
    DeserializationHandlerResponse Handle(ConsumeResult<byte[], byte[]> record, Exception exception, ILogger logger);

    /// <summary>
    /// Decides the fate of one record and names the dead-letter records to write, as Kafka Streams 4.1's
    /// <c>handleError</c>. The default calls <see cref="Handle"/> and writes none.
    /// </summary>
    /// <param name="context">The record's topic, partition, offset, headers, raw key and value, the source node and task.</param>
    /// <param name="record">The raw record.</param>
    /// <param name="exception">The deserialization failure.</param>
    /// <param name="logger">The runtime's logger.</param>
    /// <returns>Fail or continue, with optional dead-letter records.</returns>
    DeserializationExceptionResponse HandleError(ErrorHandlerContext context, ConsumeResult<byte[], byte[]> record, Exception exception, ILogger logger) =>
        Handle(record, exception, logger) == DeserializationHandlerResponse.Fail ? DeserializationExceptionResponse.Fail() : DeserializationExceptionResponse.Continue();
}
