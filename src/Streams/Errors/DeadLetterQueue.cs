using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Streams.Internal;

namespace Streams.Errors;

/// <summary>
/// Builds dead-letter records with the headers of Kafka Streams' <c>ExceptionHandlerUtils</c> (KIP-1034): the failed
/// record's key and value bytes, its original headers, then <see cref="ExceptionHeader"/>, <see cref="MessageHeader"/>,
/// <see cref="StackTraceHeader"/>, <see cref="TopicHeader"/>, <see cref="PartitionHeader"/> and <see cref="OffsetHeader"/>
/// as UTF-8 strings.
/// </summary>
public static class DeadLetterQueue
{
    /// <summary>Header with the exception's type name (<c>__streams.errors.exception</c>), e.g. <c>System.FormatException</c>.</summary>
    public const string ExceptionHeader = "__streams.errors.exception";

    /// <summary>Header with the exception message (<c>__streams.errors.message</c>).</summary>
    public const string MessageHeader = "__streams.errors.message";

    /// <summary>Header with the exception's full text including its stack trace (<c>__streams.errors.stacktrace</c>).</summary>
    public const string StackTraceHeader = "__streams.errors.stacktrace";

    /// <summary>Header with the source topic of the failed input record (<c>__streams.errors.topic</c>); absent while punctuating.</summary>
    public const string TopicHeader = "__streams.errors.topic";

    /// <summary>Header with the source partition in decimal (<c>__streams.errors.partition</c>); <c>-1</c> while punctuating.</summary>
    public const string PartitionHeader = "__streams.errors.partition";

    /// <summary>Header with the source offset in decimal (<c>__streams.errors.offset</c>); <c>-1</c> while punctuating.</summary>
    public const string OffsetHeader = "__streams.errors.offset";

    /// <summary>
    /// Builds the dead-letter record of a failure, as Kafka Streams' <c>buildDeadLetterQueueRecord</c>: the given key and
    /// value, the context's timestamp, the input record's headers followed by the six error headers.
    /// </summary>
    /// <param name="topic">The dead-letter topic.</param>
    /// <param name="key">The key bytes to write (the input key as consumed, or the produced key for production errors).</param>
    /// <param name="value">The value bytes to write.</param>
    /// <param name="context">The failure's context: source topic, partition, offset, headers and timestamp.</param>
    /// <param name="exception">The failure.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> or <paramref name="exception"/> is null.</exception>
    public static DeadLetterQueueRecord BuildRecord(string topic, byte[]? key, byte[]? value, ErrorHandlerContext context, Exception exception)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        var headers = new Headers();
        foreach (var h in context.Headers)
        {
            headers.Add(h.Key, h.GetValueBytes());
        }

        headers.Add(ExceptionHeader, Utf8(exception.GetType().FullName ?? exception.GetType().Name));
        headers.Add(MessageHeader, Utf8(exception.Message));
        headers.Add(StackTraceHeader, Utf8(exception.ToString()));
        if (context.Topic is not null)
        {
            headers.Add(TopicHeader, Utf8(context.Topic));
        }

        headers.Add(PartitionHeader, Utf8(context.Partition.ToString(CultureInfo.InvariantCulture)));
        headers.Add(OffsetHeader, Utf8(context.Offset.ToString(CultureInfo.InvariantCulture)));
        return new DeadLetterQueueRecord(topic, key, value, headers, Math.Max(0, context.TimestampMs));
    }

    /// <summary>
    /// The records a built-in handler that continues returns: one record built with <see cref="BuildRecord"/> for the
    /// context's <see cref="ErrorHandlerContext.DeadLetterQueueTopicName"/>, or none when no dead-letter topic is configured
    /// (Kafka Streams' <c>maybeBuildDeadLetterQueueRecords</c>).
    /// </summary>
    /// <param name="key">The key bytes to write.</param>
    /// <param name="value">The value bytes to write.</param>
    /// <param name="context">The failure's context.</param>
    /// <param name="exception">The failure.</param>
    /// <returns>Zero or one record.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> or <paramref name="exception"/> is null.</exception>
    public static IReadOnlyList<DeadLetterQueueRecord> MaybeBuildRecords(byte[]? key, byte[]? value, ErrorHandlerContext context, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.DeadLetterQueueTopicName is { } topic ? [BuildRecord(topic, key, value, context, exception)] : [];
    }

    /// <summary>" and sent to dead-letter topic 'x'" when one is configured, for log messages.</summary>
    internal static string Suffix(ErrorHandlerContext context) =>
        context.DeadLetterQueueTopicName is { } t ? $" and sent to dead-letter topic '{t}'" : string.Empty;

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
