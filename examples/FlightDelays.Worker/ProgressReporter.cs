using Microsoft.Extensions.Options;
using Streams;

namespace FlightDelays.Worker;

/// <summary>Logs the application's state and progress every <see cref="WorkerSettings.ProgressInterval"/>, and once when the replayed input is fully processed and committed.</summary>
public sealed partial class ProgressReporter(
    StreamsApplication application,
    IOptions<WorkerSettings> settings,
    FlightCounters counters,
    ILogger<ProgressReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.ProgressInterval);
        var caughtUp = false;
        var last = 0L;
        var started = TimeProvider.System.GetTimestamp();
        var lastTick = started;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var p = application.Progress;
                var now = TimeProvider.System.GetTimestamp();
                var rate = (p.RecordsProcessed - last) / Math.Max(0.001, TimeProvider.System.GetElapsedTime(lastTick, now).TotalSeconds);
                (last, lastTick) = (p.RecordsProcessed, now);
                LogProgress(logger, application.State, p.RecordsProcessed, rate, p.RecordsProduced, p.RecordsLag, p.UncommittedRecords, counters.Malformed);

                if (!caughtUp && counters.Replay.Task.IsCompletedSuccessfully && InputFullyCommitted(p, counters.InTopicBefore + counters.Replay.Task.Result))
                {
                    caughtUp = true;
                    var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
                    LogCaughtUp(logger, p.RecordsProcessed, counters.Malformed, seconds);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static bool InputFullyCommitted(StreamsProgress progress, long expectedRecords)
    {
        var flights = progress.Partitions.Where(p => p.Partition.Topic == FlightTopology.FlightsTopic).ToList();
        return flights.Count > 0
            && flights.All(p => p.HighWatermark >= 0 && p.CommittedOffset >= p.HighWatermark)
            && flights.Sum(p => p.HighWatermark) >= expectedRecords;
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "{State}: processed {Processed} ({Rate:N0}/s), produced {Produced}, consumer lag {ConsumerLag} (not read yet), uncommitted {Uncommitted} (read, not committed), malformed {Malformed}.")]
    private static partial void LogProgress(ILogger logger, StreamsState state, long processed, double rate, long produced, long consumerLag, long uncommitted, long malformed);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Caught up: all replayed flights processed and committed ({Processed} records, {Malformed} malformed) after {Seconds:N1} s. Still running: new records in 'flights' are processed as they arrive; Ctrl+C stops.")]
    private static partial void LogCaughtUp(ILogger logger, long processed, long malformed, double seconds);
}
