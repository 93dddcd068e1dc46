using Streams.Processor;

namespace Streams.Runtime.Internal;

/// <content>
/// The hand-over of a task folder from a standby to an active task. Kafka Streams' <c>StateDirectory</c> locks each task
/// folder for the one thread that uses it; here a stream thread claims the folder before opening the task as active, and
/// the standby updater (if any) releases it first.
/// </content>
internal sealed partial class StateDirectory
{
    private volatile Action<TaskId>? _activeTaskOpening;

    /// <summary>
    /// Set by the standby updater: called with a task about to open active, returns once no standby holds its folder
    /// (see <see cref="StandbyUpdater.Promote"/>). Null without standbys.
    /// </summary>
    public Action<TaskId>? ActiveTaskOpening
    {
        get => _activeTaskOpening;
        set => _activeTaskOpening = value;
    }

    /// <summary>
    /// Called by a stream thread before it opens <paramref name="id"/> as an active task: blocks until a standby of the
    /// task on this instance has closed with its checkpoint written, so the task restores only what follows it.
    /// </summary>
    /// <param name="id">The task about to open.</param>
    /// <exception cref="StreamsException">The standby did not release the task in time.</exception>
    public void ClaimForActive(TaskId id) => _activeTaskOpening?.Invoke(id);
}
