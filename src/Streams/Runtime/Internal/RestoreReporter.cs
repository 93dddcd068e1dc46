using Microsoft.Extensions.Logging;
using Streams.Internal;
using Streams.State;

namespace Streams.Runtime.Internal;

/// <summary>
/// Tells the application's <see cref="IStateRestoreListener"/> (if any) and the restore metrics how the restore of each
/// changelog partition goes: start, batches, end or suspension, as Kafka Streams' changelog reader notifies its
/// <c>StateRestoreListener</c> and records <c>restore-total</c> / <c>restore-remaining-records-total</c>. A listener that
/// throws is logged and ignored: the restore goes on. Cheap when there is no listener: per batch, one counter add.
/// </summary>
/// <param name="listener">The application's listener, or null.</param>
/// <param name="logger">Where a throwing listener is logged.</param>
internal sealed class RestoreReporter(IStateRestoreListener? listener, ILogger logger)
{
    /// <summary>Reports nothing to a listener (metrics only).</summary>
    public static RestoreReporter MetricsOnly { get; } = new(null, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    public void Started(StoreRestoreProgress progress)
    {
        progress.Started = true;
        StreamsMetrics.Restore.Track(progress.Gauge);
        if (listener is not null)
        {
            Call(progress, nameof(IStateRestoreListener.OnRestoreStart), (l, p) => l.OnRestoreStart(p.Partition, p.StoreName, p.Start, p.End));
        }
    }

    /// <summary>Reports a batch written to the store.</summary>
    /// <param name="progress">The partition's progress.</param>
    /// <param name="batchEndOffset">The offset of the batch's last record.</param>
    /// <param name="count">The records written.</param>
    public void BatchRestored(StoreRestoreProgress progress, long batchEndOffset, int count)
    {
        progress.Restored += count;
        progress.Gauge.Remaining = Math.Max(0, progress.End - (batchEndOffset + 1));
        StreamsMetrics.Restore.Records.Add(count, progress.Gauge.TaskTag, progress.Gauge.StoreTag);
        if (listener is not null)
        {
            Call(progress, nameof(IStateRestoreListener.OnBatchRestored), (l, p) => l.OnBatchRestored(p.Partition, p.StoreName, batchEndOffset, count));
        }
    }

    /// <summary>Reports a partition restored to its end; nothing when it was already reported finished.</summary>
    /// <param name="progress">The partition's progress.</param>
    public void Ended(StoreRestoreProgress progress)
    {
        if (progress.Finished)
        {
            return;
        }

        progress.Finished = true;
        progress.Gauge.Remaining = 0;
        StreamsMetrics.Restore.Untrack(progress.Gauge);
        if (listener is not null)
        {
            Call(progress, nameof(IStateRestoreListener.OnRestoreEnd), (l, p) => l.OnRestoreEnd(p.Partition, p.StoreName, p.Restored));
        }
    }

    /// <summary>Reports a restore cut short; nothing when it was never started or has already ended.</summary>
    /// <param name="progress">The partition's progress.</param>
    public void Suspended(StoreRestoreProgress progress)
    {
        if (!progress.Started || progress.Finished)
        {
            return;
        }

        progress.Finished = true;
        StreamsMetrics.Restore.Untrack(progress.Gauge);
        if (listener is not null)
        {
            Call(progress, nameof(IStateRestoreListener.OnRestoreSuspended), (l, p) => l.OnRestoreSuspended(p.Partition, p.StoreName, p.Restored));
        }
    }

    private void Call(StoreRestoreProgress progress, string callback, Action<IStateRestoreListener, StoreRestoreProgress> call)
    {
        try
        {
            call(listener!, progress);
        }
#pragma warning disable CA1031 // The listener only observes: whatever it throws must not stop the restore.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.RestoreListenerFailed(logger, e, callback, progress.StoreName, LogFormat.Partition(progress.Partition));
        }
    }
}
