using Microsoft.Extensions.Logging;
using Streams.Processor.Internal;

namespace Streams.Runtime.Internal;

/// <summary>
/// The instance's standby replicas (<see cref="StreamsOptions.NumStandbyReplicas"/>): owns the one
/// <see cref="StandbyUpdater"/> that keeps them warm, placed from the instance metadata, from the start to the stop of
/// the instance, and hands a standby's state over when its task becomes active here (the state directory's
/// <see cref="StateDirectory.ActiveTaskOpening"/> hook). See docs/reliability.md, section Standby replicas.
/// </summary>
/// <param name="builder">The topology.</param>
/// <param name="options">The application's options.</param>
/// <param name="logger">The application's logger.</param>
internal sealed class StandbyReplicas(InternalTopologyBuilder builder, StreamsOptions options, ILogger logger) : IDisposable
{
    private StandbyUpdater? _updater;
    private StateDirectory? _stateDirectory;

    /// <summary>
    /// Starts the standby updater when standbys are asked for (<see cref="StreamsOptions.NumStandbyReplicas"/> above 0);
    /// without metadata or a state directory there is nothing to place or keep, and nothing starts.
    /// </summary>
    /// <param name="stateDirectory">The instance's locked state directory, or null.</param>
    /// <param name="metadata">The started metadata tracker (<see cref="StreamsMetadataState.Tracker"/>), or null.</param>
    public void Start(StateDirectory? stateDirectory, MetadataTracker? metadata)
    {
        if (options.NumStandbyReplicas == 0 || metadata is null || stateDirectory is null)
        {
            return;
        }

        _stateDirectory = stateDirectory;
        _updater = new StandbyUpdater(builder, options, stateDirectory, metadata, logger);
        stateDirectory.ActiveTaskOpening = _updater.Promote;
        _updater.Start();
    }

    /// <summary>
    /// Closes every standby task with its checkpoint, stops the updater and clears the state directory's hook (after the
    /// stream threads stopped, before the state directory is closed); idempotent.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _updater, null) is not { } standby)
        {
            return;
        }

        if (_stateDirectory is { } directory)
        {
            directory.ActiveTaskOpening = null;
        }

        standby.Dispose();
    }
}
