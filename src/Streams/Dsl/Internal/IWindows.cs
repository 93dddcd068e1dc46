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
}
