using System.Diagnostics.Metrics;

namespace Streams.TestDriver.Tests.Support;

/// <summary>
/// Listens to the <c>streams.task.records.dropped</c> counter on the <c>Streams</c> meter, keeping only measurements made
/// on the creating thread: the test driver processes synchronously on the test's thread, so tests running in parallel do
/// not count each other's drops.
/// </summary>
internal sealed class DroppedRecordsMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly int _thread = Environment.CurrentManagedThreadId;
    private readonly List<string?> _reasons = [];

    public DroppedRecordsMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Streams" && instrument.Name == "streams.task.records.dropped")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (Environment.CurrentManagedThreadId != _thread)
            {
                return;
            }

            string? reason = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    reason = tag.Value as string;
                }
            }

            for (var i = 0; i < value; i++)
            {
                _reasons.Add(reason);
            }
        });
        _listener.Start();
    }

    /// <summary>The reason tag of every record dropped so far, in order.</summary>
    public IReadOnlyList<string?> Reasons => _reasons;

    public void Dispose() => _listener.Dispose();
}
