namespace Streams.Dsl;

/// <summary>
/// A time window <c>[StartMs, EndMs)</c> in milliseconds since the Unix epoch (UTC), as Kafka Streams'
/// <c>TimeWindow</c>: the start is inclusive and the end exclusive.
/// </summary>
/// <param name="StartMs">Inclusive start, epoch milliseconds.</param>
/// <param name="EndMs">Exclusive end, epoch milliseconds.</param>
public readonly record struct Window(long StartMs, long EndMs)
{
    /// <summary>The start as a UTC <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset Start => DateTimeOffset.FromUnixTimeMilliseconds(StartMs);

    /// <summary>The end as a UTC <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset End => DateTimeOffset.FromUnixTimeMilliseconds(EndMs);

    /// <inheritdoc />
    public override string ToString() => $"[{StartMs},{EndMs})";
}

/// <summary>
/// A key together with the window it was aggregated in, the key type of windowed KTables, as Kafka
/// Streams' <c>Windowed&lt;K&gt;</c>.
/// </summary>
/// <typeparam name="TKey">The record key type.</typeparam>
/// <param name="Key">The record key.</param>
/// <param name="Window">The window.</param>
public readonly record struct Windowed<TKey>(TKey Key, Window Window) : Internal.IWindowedKey
{
    /// <inheritdoc />
    public override string ToString() => $"[{Key}@{Window.StartMs}/{Window.EndMs}]";
}
