using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Streams.Testing;

/// <summary>Keeps every log entry written through loggers it created, to assert on categories and event ids.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly ConcurrentDictionary<string, bool> _categories = new();

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    public IReadOnlyCollection<string> Categories => _categories.Keys.ToArray();

    public ILogger CreateLogger(string categoryName)
    {
        _categories[categoryName] = true;
        return new Logger(categoryName, _entries);
    }

    public void Dispose()
    {
    }

    public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
