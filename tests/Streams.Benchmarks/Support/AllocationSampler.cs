using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Streams.Benchmarks.Support;

/// <summary>
/// Samples managed allocations by type in this process through the runtime's <c>GCAllocationTick</c> event
/// (raised about every 100 KB allocated, attributing those bytes to the type of the object that crossed
/// the threshold): a statistical, in-process allocation profile, good for "which types, hence which layer,
/// allocate" on a hot loop that runs long enough (millions of bytes per type).
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public IReadOnlyDictionary<string, long> BytesByType => _bytesByType;

    public void Start()
    {
        _bytesByType.Clear();
        _recording = true;
    }

    public void Stop()
    {
        // The runtime delivers events on a dispatcher thread, a little after they happen.
        Thread.Sleep(1500);
        _recording = false;
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var names = eventData.PayloadNames!;
        var typeName = "?";
        long amount = 0;
        for (var i = 0; i < names.Count; i++)
        {
            switch (names[i])
            {
                case "TypeName":
                    typeName = eventData.Payload[i] as string ?? "?";
                    break;
                case "AllocationAmount64":
                    amount = Convert.ToInt64(eventData.Payload[i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "AllocationAmount" when amount == 0:
                    amount = Convert.ToInt64(eventData.Payload[i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
            }
        }

        _bytesByType.AddOrUpdate(typeName, amount, (_, old) => old + amount);
    }
}
