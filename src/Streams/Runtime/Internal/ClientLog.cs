using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Streams.Runtime.Internal;

/// <summary>
/// Routes librdkafka's own log (what Confluent.Kafka otherwise writes to stderr as <c>%3|...|FAIL|...</c>) to the
/// <see cref="StreamsOptions.LoggerFactory"/> under the category <see cref="Category"/>, at the level of its syslog level:
/// 0-3 (emergency to error) Error, 4 Warning, 5-6 (notice, info) Information, 7 Debug.
/// </summary>
internal static class ClientLog
{
    /// <summary>The logger category of librdkafka's own log lines.</summary>
    public const string Category = "Streams.Librdkafka";

    public static Action<IClient, LogMessage> Handler(ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(Category);
        return (_, message) => Log.Librdkafka(logger, Level(message.Level), message.Name, message.Facility, message.Message);
    }

    public static LogLevel Level(SyslogLevel level) => level switch
    {
        <= SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };
}
