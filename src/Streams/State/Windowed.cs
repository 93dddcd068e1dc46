namespace Streams.State;

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
