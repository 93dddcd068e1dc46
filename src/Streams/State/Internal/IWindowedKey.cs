namespace Streams.State.Internal;

/// <summary>The window of a <see cref="Windowed{TKey}"/> key, whatever its inner key type (suppression reads the window end through it).</summary>
internal interface IWindowedKey
{
    Window Window { get; }
}
