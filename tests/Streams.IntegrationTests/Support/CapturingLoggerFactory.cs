using Microsoft.Extensions.Logging;

namespace Streams.Testing;

/// <summary>A logger factory over one <see cref="CapturingLoggerProvider"/>: give one to each application to see its own log.</summary>
public sealed class CapturingLoggerFactory : ILoggerFactory
{
    public CapturingLoggerProvider Provider { get; } = new();

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public ILogger CreateLogger(string categoryName) => Provider.CreateLogger(categoryName);

    public void Dispose() => Provider.Dispose();
}
