using System.Runtime.ExceptionServices;
using Confluent.Kafka;

namespace Streams.Runtime.Internal;

/// <content>
/// No exception leaves a Confluent.Kafka rebalance callback. The assigned, revoked and lost handlers run on this thread
/// inside <c>Consume</c> (and <c>Close</c>); an exception thrown there is caught by Confluent.Kafka, which then tries to
/// undo the assignment itself: under the cooperative protocol its eager <c>Unassign</c> fails with "Local: Erroneous
/// state" and that second exception, on librdkafka's callback path, aborted the whole process. Instead the first failure
/// is kept here and rethrown on this thread right after <c>Consume</c> returns, so it goes the way of every other thread
/// failure: tasks closed, the uncaught-exception handler (replace the thread or shut the client down) and the Error
/// state, under every assignment strategy and group protocol.
/// </content>
internal sealed partial class StreamThread
{
    private ExceptionDispatchInfo? _callbackFailure;

    /// <summary>Runs a rebalance handler; the first exception it throws is kept for <see cref="ThrowCallbackFailure"/>.</summary>
    private void Guarded(string callback, Action handler)
    {
        if (_callbackFailure is not null)
        {
            return; // the thread is failing: no more task changes until the failure is rethrown
        }

        try
        {
            handler();
        }
#pragma warning disable CA1031 // every exception must stay out of Confluent.Kafka's callback: it is rethrown on this thread
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.RebalanceCallbackFailed(_logger, callback, e);
            _callbackFailure = ExceptionDispatchInfo.Capture(e);
        }
    }

    /// <summary>Rethrows, on this thread and outside any Confluent callback, what a rebalance handler threw.</summary>
    private void ThrowCallbackFailure()
    {
        if (_callbackFailure is { } failure && !_shuttingDown)
        {
            failure.Throw();
        }
    }

    private KafkaConsumerRequest WithGuardedRebalanceHandlers(KafkaConsumerRequest request)
    {
        request.PartitionsAssignedHandler = (_, partitions) => Guarded("partitions assigned", () => OnAssigned(partitions));
        request.PartitionsRevokedHandler = (_, partitions) => Guarded("partitions revoked", () => OnRevoked(partitions));
        return WithLostHandler(request);
    }
}
