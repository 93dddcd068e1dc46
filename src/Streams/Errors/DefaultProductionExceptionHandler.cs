using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Internal;

namespace Streams.Errors;

/// <summary>
/// The default production handler, as Kafka Streams 4.x's <c>DefaultProductionExceptionHandler</c>: retries retriable
/// send errors and fails on everything else (non-retriable send errors and serialization errors). Writes nothing to the
/// dead-letter topic.
/// </summary>
public sealed class DefaultProductionExceptionHandler : IProductionExceptionHandler
{
    /// <summary>The shared instance.</summary>
    public static DefaultProductionExceptionHandler Instance { get; } = new();

    /// <inheritdoc />
    public ProductionExceptionResponse Handle(ErrorHandlerContext context, ProductionRecord record, Exception exception, ILogger logger) =>
        ProductionErrors.IsRetriable(exception) ? ProductionExceptionResponse.Retry() : ProductionExceptionResponse.Fail();
}
