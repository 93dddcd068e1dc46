namespace Streams.Internal;

/// <summary>
/// The messages of the obsolete <c>Timestamp</c> members (epoch milliseconds under a name without the unit, issue 16).
/// build/migrations/timestamp-ms.sh finds the uses to migrate by these texts in the compiler's CS0618 warnings: keep the
/// leading <c>Use TimestampMs</c> and <c>Use WithTimestampMs</c>.
/// </summary>
internal static class TimestampObsolete
{
    public const string Property =
        "Use TimestampMs (the same value: Kafka's record timestamp, epoch milliseconds) or Time (it as a UTC DateTimeOffset). Timestamp did not say its unit.";

    public const string WithTimestamp =
        "Use WithTimestampMs(long timestampMs) (the same: epoch milliseconds) or WithTime(DateTimeOffset time). WithTimestamp did not say its unit.";
}
