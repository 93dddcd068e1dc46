using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Internal;

namespace Streams.Errors;

/// <summary>Classifies send errors as Kafka's <c>RetriableException</c> hierarchy does.</summary>
internal static class ProductionErrors
{
    public static bool IsRetriable(Exception exception) => exception is KafkaException { Error.Code: var code } && IsRetriable(code);

    public static bool IsRetriable(ErrorCode code) => code is
        ErrorCode.Local_MsgTimedOut or ErrorCode.Local_TimedOut or ErrorCode.Local_Transport or ErrorCode.Local_AllBrokersDown
        or ErrorCode.RequestTimedOut or ErrorCode.NetworkException or ErrorCode.LeaderNotAvailable or ErrorCode.NotLeaderForPartition
        or ErrorCode.NotEnoughReplicas or ErrorCode.NotEnoughReplicasAfterAppend or ErrorCode.UnknownTopicOrPart
        or ErrorCode.KafkaStorageError;
}
