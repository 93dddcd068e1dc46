using Microsoft.Extensions.Options;
using Streams;

namespace FlightDelays.Worker;

/// <summary>
/// Replays the flights file into the <c>flights</c> topic with <see cref="Replayer"/> (paced by what the
/// application has processed, resuming after what the topic already holds), then idles until shutdown.
/// </summary>
public sealed partial class ReplayService(
    StreamsApplication application,
    IOptions<StreamsOptions> streamsOptions,
    IOptions<WorkerSettings> settings,
    FlightCounters counters,
    ILogger<ReplayService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var input = settings.Value.Input;
        if (!settings.Value.Replay)
        {
            counters.Replay.TrySetResult(0);
            return;
        }

        try
        {
            if (!File.Exists(input))
            {
                throw new FileNotFoundException($"Flights input not found: {input} (set FlightDelays:Input).", input);
            }

            LogReplaying(logger, input, FlightTopology.FlightsTopic, counters.InTopicBefore);
            var replayer = new Replayer(streamsOptions.Value.BootstrapServers, () => application.Progress.RecordsProcessed, logger);
            var produced = await Task.Run(
                () => replayer.RunAsync(FlightInput.ReadLines(input), counters.InTopicBefore, long.MaxValue, stoppingToken), stoppingToken);
            counters.Replay.TrySetResult(produced);
            LogReplayed(logger, produced, replayer.Skipped);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            counters.Replay.TrySetCanceled(stoppingToken);
        }
        catch (Exception e)
        {
            counters.Replay.TrySetException(e);
            throw; // StopHost: the worker stops and exits 1
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Replaying {Input} into '{Topic}' ({InTopic} flights already there are skipped).")]
    private static partial void LogReplaying(ILogger logger, string input, string topic, long inTopic);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Replay finished: {Produced} flights produced, {Skipped} skipped.")]
    private static partial void LogReplayed(ILogger logger, long produced, long skipped);
}
