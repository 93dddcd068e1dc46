using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Internal;
using Streams.Processor;
using Streams.State;

namespace Streams.Runtime.Internal;

/// <summary>
/// Tells the application's <see cref="IStandbyUpdateListener"/> (if any) and the standby metrics how each standby store
/// is updated: start, batches, suspension, as Kafka Streams' changelog reader notifies its <c>StandbyUpdateListener</c> and
/// records <c>update-total</c>. A listener that throws is logged and ignored. Cheap without a listener: per batch, one
/// counter add.
/// </summary>
/// <param name="listener">The application's listener, or null.</param>
/// <param name="logger">Where a throwing listener is logged.</param>
internal sealed class StandbyUpdateReporter(IStandbyUpdateListener? listener, ILogger logger)
{
    public void Started(TopicPartition partition, string storeName, long startingOffset)
    {
        if (listener is not null)
        {
            Call(partition, storeName, nameof(IStandbyUpdateListener.OnUpdateStart), l => l.OnUpdateStart(partition, storeName, startingOffset));
        }
    }

    /// <summary>Reports a batch written to a standby store.</summary>
    /// <param name="partition">The changelog partition.</param>
    /// <param name="storeName">The store.</param>
    /// <param name="taskId">The standby task.</param>
    /// <param name="batchEndOffset">The offset of the batch's last record.</param>
    /// <param name="count">The records written.</param>
    /// <param name="currentEndOffset">The partition's end offset as last seen.</param>
    public void BatchLoaded(TopicPartition partition, string storeName, TaskId taskId, long batchEndOffset, int count, long currentEndOffset)
    {
        StreamsMetrics.Standby.Records.Add(count, new KeyValuePair<string, object?>("task", taskId.ToString()), new KeyValuePair<string, object?>("store", storeName));
        if (listener is not null)
        {
            Call(partition, storeName, nameof(IStandbyUpdateListener.OnBatchLoaded), l => l.OnBatchLoaded(partition, storeName, taskId, batchEndOffset, count, currentEndOffset));
        }
    }

    public void Suspended(TopicPartition partition, string storeName, long storeOffset, long currentEndOffset, StandbyUpdateSuspendReason reason)
    {
        if (listener is not null)
        {
            Call(partition, storeName, nameof(IStandbyUpdateListener.OnUpdateSuspended), l => l.OnUpdateSuspended(partition, storeName, storeOffset, currentEndOffset, reason));
        }
    }

    private void Call(TopicPartition partition, string storeName, string callback, Action<IStandbyUpdateListener> call)
    {
        try
        {
            call(listener!);
        }
#pragma warning disable CA1031 // The listener only observes: whatever it throws must not stop the standby.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.StandbyListenerFailed(logger, e, callback, storeName, LogFormat.Partition(partition));
        }
    }
}
