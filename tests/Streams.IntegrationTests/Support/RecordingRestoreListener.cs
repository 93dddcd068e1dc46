using Confluent.Kafka;
using Streams.State;

namespace Streams.IntegrationTests.Support;

/// <summary>
/// Records every restore callback as text (<c>start tp store from to</c>, <c>batch tp store end n</c>, <c>end tp store n</c>,
/// <c>suspended tp store n</c>); called on the stream thread, read from the test.
/// </summary>
internal sealed class RecordingRestoreListener : IStateRestoreListener
{
    private readonly List<string> _calls = [];

    /// <summary>Throw from every callback after recording it (the runtime must log and go on).</summary>
    public bool Throw { get; init; }

    /// <summary>A snapshot of the calls so far, in order.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public void OnRestoreStart(TopicPartition topicPartition, string storeName, long startingOffset, long endingOffset) =>
        Record($"start {topicPartition} {storeName} {startingOffset} {endingOffset}");

    public void OnBatchRestored(TopicPartition topicPartition, string storeName, long batchEndOffset, long numRestored) =>
        Record($"batch {topicPartition} {storeName} {batchEndOffset} {numRestored}");

    public void OnRestoreEnd(TopicPartition topicPartition, string storeName, long totalRestored) =>
        Record($"end {topicPartition} {storeName} {totalRestored}");

    public void OnRestoreSuspended(TopicPartition topicPartition, string storeName, long totalRestored) =>
        Record($"suspended {topicPartition} {storeName} {totalRestored}");

    private void Record(string call)
    {
        lock (_calls)
        {
            _calls.Add(call);
        }

        if (Throw)
        {
            throw new InvalidOperationException("listener failure");
        }
    }
}
