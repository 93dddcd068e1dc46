using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Streams.Errors;

/// <summary>What to do with a record whose key or value cannot be deserialized, as Kafka Streams' <c>DeserializationHandlerResponse</c>.</summary>
public enum DeserializationHandlerResponse
{
    /// <summary>Stop processing: the task fails and nothing is committed past the record.</summary>
    Fail,

    /// <summary>Skip the record (it is counted as dropped and logged with topic, partition and offset).</summary>
    Continue,
}

/// <summary>
/// Decides what happens to a record that fails deserialization, as Kafka Streams'
/// <c>DeserializationExceptionHandler</c>. The default is <see cref="LogAndFailExceptionHandler"/>.
/// </summary>
public interface IDeserializationExceptionHandler
{
    /// <summary>Decides the fate of one record.</summary>
    /// <param name="record">The raw record, with its topic, partition and offset.</param>
    /// <param name="exception">The deserialization failure.</param>
    /// <param name="logger">The runtime's logger.</param>
    /// <returns>Fail or continue.</returns>
    DeserializationHandlerResponse Handle(ConsumeResult<byte[], byte[]> record, Exception exception, ILogger logger);
}

/// <summary>Logs the failure at error level and stops processing, as Kafka Streams' <c>LogAndFailExceptionHandler</c>.</summary>
public sealed class LogAndFailExceptionHandler : IDeserializationExceptionHandler
{
    /// <summary>The shared instance.</summary>
    public static LogAndFailExceptionHandler Instance { get; } = new();

    /// <inheritdoc />
    public DeserializationHandlerResponse Handle(ConsumeResult<byte[], byte[]> record, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(logger);
        logger.LogError(exception, "Deserialization failed for {Topic}-{Partition}@{Offset}; stopping (nothing committed past it).", record.Topic, record.Partition.Value, record.Offset.Value);
        return DeserializationHandlerResponse.Fail;
    }
}

/// <summary>Logs the failure at warning level and skips the record, as Kafka Streams' <c>LogAndContinueExceptionHandler</c>.</summary>
public sealed class LogAndContinueExceptionHandler : IDeserializationExceptionHandler
{
    /// <summary>The shared instance.</summary>
    public static LogAndContinueExceptionHandler Instance { get; } = new();

    /// <inheritdoc />
    public DeserializationHandlerResponse Handle(ConsumeResult<byte[], byte[]> record, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(logger);
        logger.LogWarning(exception, "Deserialization failed for {Topic}-{Partition}@{Offset}; record skipped by LogAndContinueExceptionHandler.", record.Topic, record.Partition.Value, record.Offset.Value);
        return DeserializationHandlerResponse.Continue;
    }
}
