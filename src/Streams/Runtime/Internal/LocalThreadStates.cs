using Streams.Processor;

namespace Streams.Runtime.Internal;

/// <summary>
/// The client-level view of an instance's stream threads, as Kafka Streams' <c>KafkaStreams.StreamStateListener</c>:
/// each live thread's last reported state and active tasks. The instance is <see cref="StreamsState.Rebalancing"/> as
/// soon as any thread rebalances, and <see cref="StreamsState.Running"/> once every live thread runs (a thread that has
/// not had its first assignment yet holds it back; a stopped thread no longer counts). Not thread-safe: the application
/// serializes the calls.
/// </summary>
internal sealed class LocalThreadStates
{
    private readonly SortedDictionary<int, Entry> _threads = [];

    /// <summary>The indexes of the live threads (added and not yet removed).</summary>
    public IReadOnlyCollection<int> Indexes => _threads.Keys;

    /// <summary>Tracks a new thread, in state <see cref="StreamsState.Created"/> until it reports.</summary>
    public void Add(int index, string name) => _threads.Add(index, new Entry(name));

    /// <summary>Records a thread's transition and returns the client state it leads to, or null for no change.</summary>
    /// <param name="index">The reporting thread.</param>
    /// <param name="state">
    /// <see cref="StreamsState.Rebalancing"/> (partitions revoked or being assigned), <see cref="StreamsState.Running"/>
    /// (tasks created) or <see cref="StreamsState.PendingShutdown"/> (the thread is stopping).
    /// </param>
    /// <returns>Rebalancing, Running or null. A report of a removed thread changes nothing.</returns>
    public StreamsState? OnThreadState(int index, StreamsState state)
    {
        if (!_threads.TryGetValue(index, out var entry))
        {
            return null;
        }

        entry.State = state;
        return state switch
        {
            StreamsState.Rebalancing => StreamsState.Rebalancing,
            StreamsState.Running => AllRunning ? StreamsState.Running : null,
            _ => null,
        };
    }

    /// <summary>Stops tracking a stopped thread; returns Running when every remaining thread runs, else null.</summary>
    public StreamsState? Remove(int index) =>
        _threads.Remove(index) && _threads.Count > 0 && AllRunning ? StreamsState.Running : null;

    /// <summary>Records a thread's active tasks and returns the union over all live threads (what the instance announces).</summary>
    public IReadOnlyCollection<TaskId> SetTasks(int index, IReadOnlyCollection<TaskId> tasks)
    {
        if (_threads.TryGetValue(index, out var entry))
        {
            entry.Tasks = tasks;
        }

        return ActiveTasks;
    }

    /// <summary>The active tasks of every live thread.</summary>
    public IReadOnlyCollection<TaskId> ActiveTasks => [.. _threads.Values.SelectMany(t => t.Tasks).Distinct()];

    /// <summary>Per live thread, by index: its name and active tasks.</summary>
    public IReadOnlyList<ThreadMetadata> Threads =>
        [.. _threads.Values.Select(t => new ThreadMetadata(t.Name, t.Tasks.ToHashSet()))];

    private bool AllRunning => _threads.Values.All(t => t.State == StreamsState.Running);

    private sealed class Entry(string name)
    {
        public string Name { get; } = name;

        public StreamsState State { get; set; } = StreamsState.Created;

        public IReadOnlyCollection<TaskId> Tasks { get; set; } = [];
    }
}
