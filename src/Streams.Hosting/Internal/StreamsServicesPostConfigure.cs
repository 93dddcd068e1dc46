using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Streams.Hosting.Internal;

/// <summary>
/// Gives <see cref="StreamsOptions"/> the container's <see cref="ILoggerFactory"/>, <see cref="TimeProvider"/> and
/// <see cref="IKafkaClientSupplier"/> (when registered) unless the application set its own: runs after every Configure step.
/// </summary>
internal sealed class StreamsServicesPostConfigure(IServiceProvider services) : IPostConfigureOptions<StreamsOptions>
{
    public void PostConfigure(string? name, StreamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ReferenceEquals(options.LoggerFactory, NullLoggerFactory.Instance) && services.GetService<ILoggerFactory>() is { } loggerFactory)
        {
            options.LoggerFactory = loggerFactory;
        }

        if (ReferenceEquals(options.TimeProvider, TimeProvider.System) && services.GetService<TimeProvider>() is { } timeProvider)
        {
            options.TimeProvider = timeProvider;
        }

        if (ReferenceEquals(options.ClientSupplier, DefaultKafkaClientSupplier.Instance) && services.GetService<IKafkaClientSupplier>() is { } clientSupplier)
        {
            options.ClientSupplier = clientSupplier;
        }
    }
}
