using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Streams.Hosting.Internal;

/// <summary>
/// Runs the container's <see cref="StreamsApplication"/> for the lifetime of the host:
/// <see cref="ExecuteAsync"/> is <see cref="StreamsApplication.RunAsync"/>, so host shutdown stops the
/// application gracefully, and a stream thread failure (or a failed start) propagates as the service's
/// exception, which the host handles by its <c>BackgroundServiceExceptionBehavior</c>.
/// </summary>
internal sealed class StreamsHostedService(StreamsApplication application, IOptionsMonitor<StreamsOptions> options, ILogger<StreamsHostedService> logger)
    : BackgroundService
{
    private string ApplicationId => options.CurrentValue.ApplicationId;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (application.State is not (StreamsState.NotRunning or StreamsState.Error))
        {
            Log.Stopping(logger, ApplicationId);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue;
        Log.Starting(logger, settings.ApplicationId, settings.BootstrapServers, settings.StateDirectory);
        try
        {
            await application.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host stopped while the application was still starting: not a failure.
            await application.StopAsync(CancellationToken.None).ConfigureAwait(false);
            Log.Stopped(logger, settings.ApplicationId, application.Progress.RecordsProcessed, application.Progress.Commits);
            return;
        }
        catch (Exception e)
        {
            Log.Failed(logger, e, settings.ApplicationId, application.State);
            throw;
        }

        if (stoppingToken.IsCancellationRequested)
        {
            Log.Stopped(logger, settings.ApplicationId, application.Progress.RecordsProcessed, application.Progress.Commits);
        }
        else
        {
            Log.StoppedUnrequested(logger, settings.ApplicationId, application.State);
        }
    }
}
