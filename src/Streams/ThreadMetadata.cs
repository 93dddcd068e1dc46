using Streams.Processor;

namespace Streams;

/// <summary>
/// One live stream thread of this instance, as Kafka Streams' <c>ThreadMetadata</c> (from <c>metadataForLocalThreads</c>):
/// its name and the active tasks it runs right now.
/// </summary>
/// <param name="ThreadName">The thread's name, <c>{applicationId}-StreamThread-{n}</c>.</param>
/// <param name="ActiveTasks">The tasks the thread runs; empty before its first assignment, during a rebalance, or when the group gave it no partition.</param>
public sealed record ThreadMetadata(string ThreadName, IReadOnlySet<TaskId> ActiveTasks);
