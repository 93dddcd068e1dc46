using Streams.Runtime.Internal;

namespace Streams;

// Standby replicas (issue 4): NumStandbyReplicas kept warm by a standby updater per instance, placed from the instance
// metadata, handed over to stream threads when a task becomes active here. See docs/reliability.md, section Standby replicas.
public sealed partial class StreamsApplication
{
    private StandbyUpdater? _standby;

    /// <summary>Starts the standby updater when standbys are asked for (needs the metadata tracker, so after <see cref="StartMetadata"/>).</summary>
    private void StartStandby()
    {
        if (_options.NumStandbyReplicas == 0 || _metadata is null || _stateDirectory is null)
        {
            return;
        }

        _standby = new StandbyUpdater(_topology.Builder, _options, _stateDirectory, _metadata, _logger);
        _stateDirectory.ActiveTaskOpening = _standby.Promote;
        _standby.Start();
    }

    /// <summary>Closes every standby task with its checkpoint and stops the updater (after the stream threads stopped).</summary>
    private void StopStandby()
    {
        if (Interlocked.Exchange(ref _standby, null) is not { } standby)
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
