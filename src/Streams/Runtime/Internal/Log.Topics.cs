using Microsoft.Extensions.Logging;

namespace Streams.Runtime.Internal;

/// <content>Internal topics: validation, creation and repartition purging (3002, 31xx).</content>
internal static partial class Log
{
    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "The broker does not support the AdminClient's DescribeConfigs and CreateTopics ({Reason}; librdkafka's mock cluster is such a broker), so internal topics are neither created nor validated beyond their partition counts: {Existing} of {Required} exist. {Missing}")]
    public static partial void AdminApisUnsupported(ILogger logger, string reason, int existing, int required, string missing);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Could not read the configs of internal topics {Topics} ({Reason}): their partition counts were validated, their configs were not.")]
    public static partial void TopicConfigsNotValidated(ILogger logger, string topics, string reason);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "Deleted repartition records before the committed offsets: {Offsets}.")]
    public static partial void RepartitionPurged(ILogger logger, string offsets);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "Deleting repartition records failed ({Reason}); trying again after a later commit.")]
    public static partial void RepartitionPurgeFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "The broker does not support DeleteRecords ({Reason}; librdkafka's mock cluster is such a broker): consumed records of repartition topics are not purged by this thread and stay until the topics' own retention.")]
    public static partial void RepartitionPurgeUnsupported(ILogger logger, string reason);
}
