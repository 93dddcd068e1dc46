namespace Streams.Runtime.Internal;

/// <summary>
/// Under exactly-once, the thread's open transaction had to be aborted (a send failed, the commit failed with an
/// abortable error), as Kafka Streams' <c>TaskCorruptedException</c>: every task of the thread is rewound to the last
/// commit (stores back to the committed state, input re-read from the committed offsets) and the thread goes on.
/// </summary>
internal sealed class TaskCorruptedException : StreamsException
{
    public TaskCorruptedException(string message, Exception innerException) : base(message, innerException) { }

    public TaskCorruptedException(string message) : base(message) { }

    public TaskCorruptedException() { }
}
