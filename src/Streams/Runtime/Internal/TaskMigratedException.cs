namespace Streams.Runtime.Internal;

/// <summary>
/// The thread no longer owns its tasks (the group moved on: a stale generation refused the transactional offset
/// commit), as Kafka Streams' <c>TaskMigratedException</c>: the transaction is aborted, the tasks are rewound, and the
/// thread processes nothing until the rebalance assigns partitions again.
/// </summary>
internal sealed class TaskMigratedException : StreamsException
{
    public TaskMigratedException(string message, Exception innerException) : base(message, innerException) { }

    public TaskMigratedException(string message) : base(message) { }

    public TaskMigratedException() { }
}
