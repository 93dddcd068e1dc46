using Streams.State;
namespace Streams.Dsl.Internal;

/// <summary>
/// Windows whose placement depends only on a record's timestamp (tumbling, hopping, unlimited), as Kafka
/// Streams' abstract <c>Windows&lt;W&gt;</c>: what <see cref="KStreamWindowAggregate{TKey, TValue, TAggregate}"/>
/// needs to know about them. Sliding and session windows depend on the other records and are not of this kind.
/// </summary>
internal interface IWindows
{
    /// <summary>The window size in milliseconds (<see cref="long.MaxValue"/> for unlimited windows).</summary>
    long SizeMs { get; }

    /// <summary>The grace period in milliseconds.</summary>
    long GraceMs { get; }

    /// <summary>The windows that contain <paramref name="timestampMs"/>, by ascending start.</summary>
    /// <param name="timestampMs">A record timestamp, epoch ms.</param>
    /// <returns>The windows; empty when none does.</returns>
    IEnumerable<Window> WindowsFor(long timestampMs);

    /// <summary>The windows of <see cref="WindowsFor"/> as a value enumerated without allocation (the per-record path).</summary>
    /// <param name="timestampMs">A record timestamp, epoch ms.</param>
    /// <returns>The windows, by ascending start.</returns>
    WindowsAt WindowsAt(long timestampMs);
}

/// <summary>
/// The windows that contain a timestamp: starts <c>first, first + advance, ..., last</c>, each <c>size</c> long (the end
/// saturated at <see cref="long.MaxValue"/>), enumerated without allocating; empty when <c>first &gt; last</c>.
/// </summary>
internal readonly struct WindowsAt(long firstStartMs, long lastStartMs, long advanceMs, long sizeMs) : IEquatable<WindowsAt>
{
    /// <summary>No window.</summary>
    public static WindowsAt None => new(0, -1, 1, 1);

    /// <summary>True when no window contains the timestamp.</summary>
    public bool IsEmpty => firstStartMs > lastStartMs;

    /// <summary>Returns the enumerator (a struct: <c>foreach</c> allocates nothing).</summary>
    public Enumerator GetEnumerator() => new(firstStartMs, lastStartMs, advanceMs, sizeMs);

    /// <summary>Same windows: same starts (both empty counts as same).</summary>
    public bool Equals(WindowsAt other) =>
        (IsEmpty && other.IsEmpty) || (firstStartMs == other.FirstStart && lastStartMs == other.LastStart && advanceMs == other.Advance);

    public override bool Equals(object? obj) => obj is WindowsAt other && Equals(other);

    public override int GetHashCode() => IsEmpty ? 0 : HashCode.Combine(firstStartMs, lastStartMs, advanceMs);

    private long FirstStart => firstStartMs;

    private long LastStart => lastStartMs;

    private long Advance => advanceMs;

    /// <summary>Enumerates the windows by ascending start.</summary>
    public struct Enumerator(long first, long last, long advance, long size)
    {
        private long _next = first;
        private bool _done = first > last;

        public Window Current { get; private set; }

        public bool MoveNext()
        {
            if (_done)
            {
                return false;
            }

            var start = _next;
            Current = new Window(start, start > 0 && size > long.MaxValue - start ? long.MaxValue : start + size);
            if (start > last - advance)
            {
                _done = true; // also keeps start + advance from overflowing
            }
            else
            {
                _next = start + advance;
            }

            return true;
        }
    }
}
