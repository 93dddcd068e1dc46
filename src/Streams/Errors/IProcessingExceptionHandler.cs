using Microsoft.Extensions.Logging;

namespace Streams.Errors;

/// <summary>
/// Decides what happens when a processor throws, as Kafka Streams' <c>ProcessingExceptionHandler</c> (KIP-1033): called
/// with the record as the failing processor received it, while processing a record or punctuating (then the record is
/// null). Not called for deserialization errors (<see cref="IDeserializationExceptionHandler"/>), for serialization and
/// send errors in sinks (<see cref="IProductionExceptionHandler"/>), or for <see cref="StreamsException"/>s the runtime
/// itself raises (a failed send, another handler's Fail). Configure it with
/// <see cref="StreamsOptions.ProcessingExceptionHandler"/>; the default is <see cref="LogAndFailProcessingExceptionHandler"/>.
/// Implementations must be thread-safe: one instance serves every task.
/// </summary>
public interface IProcessingExceptionHandler
{
    /// <summary>Decides the fate of one record.</summary>
    /// <param name="context">Where the record came from and which processor failed.</param>
    /// <param name="key">The key the failing processor received (boxed), or null while punctuating.</param>
    /// <param name="value">The value the failing processor received (boxed), or null while punctuating.</param>
    /// <param name="exception">What the processor threw.</param>
    /// <param name="logger">The runtime's logger.</param>
    /// <returns>Fail or continue, with optional dead-letter records.</returns>
    ProcessingExceptionResponse Handle(ErrorHandlerContext context, object? key, object? value, Exception exception, ILogger logger);
}
