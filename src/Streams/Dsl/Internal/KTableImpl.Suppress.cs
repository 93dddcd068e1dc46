using Streams.Dsl.Internal.Graph;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <content>Suppression (<c>KTable#suppress</c>).</content>
internal sealed partial class KTableImpl<TKey, TValue>
{
    public IKTable<TKey, TValue> Suppress(Suppressed<TKey> suppressed)
    {
        ArgumentNullException.ThrowIfNull(suppressed);
        var name = suppressed.Name ?? builder.NewName("KTABLE-SUPPRESS-");
        var settings = suppressed.FinalResults ? FinalResults(suppressed.BufferConfig) : UntilTimeLimit(suppressed);
        var storeName = suppressed.Name is null ? builder.NewStoreName(node, "KTABLE-SUPPRESS-", null, "Suppressed.WithName(\"name\")") : suppressed.Name + "-store";
        var k = SerdeResolver.Require(null, keySerde, $"Suppress({name})", "key");
        var v = SerdeResolver.Require(null, valueSerde, $"Suppress({name})", "value");
        var store = StoreFactories.SuppressionBuffer(storeName, suppressed.LoggingEnabled, k, v);
        var child = builder.AddNode(
            new ProcessorGraphNode<TKey, Change<TValue>, TKey, Change<TValue>>(name, () => new KTableSuppressProcessor<TKey, TValue>(storeName, settings), store),
            node);
        return new KTableImpl<TKey, TValue>(builder, child, k, v, null, KTableSuppressProcessor<TKey, TValue>.Getter(storeName, valueGetter));
    }

    private static SuppressionSettings<TKey> UntilTimeLimit(Suppressed<TKey> suppressed) =>
        new(suppressed.TimeToWaitMs, (_, timestamp) => timestamp, SafeToDropTombstones: false, suppressed.BufferConfig);

    /// <summary>Final results: buffer time is the window end, the wait is the grace of the upstream windowed aggregation.</summary>
    private SuppressionSettings<TKey> FinalResults(BufferConfig bufferConfig)
    {
        if (bufferConfig is not StrictBufferConfig)
        {
            // Unreachable through the typed factory; kept so that a config can never weaken the final-results promise.
            throw new ArgumentException("UntilWindowCloses needs a strict buffer config (Unbounded or ShutDownWhenFull).", nameof(bufferConfig));
        }

        var grace = WindowGrace.Find(node);
        if (!typeof(TKey).IsGenericType || typeof(TKey).GetGenericTypeDefinition() != typeof(Windowed<>))
        {
            throw new TopologyException($"UntilWindowCloses needs a table keyed by Windowed<T>, not by '{typeof(TKey).Name}'.");
        }

        return new(grace, (key, _) => WindowEnd(key), SafeToDropTombstones: true, bufferConfig);
    }

    private static long WindowEnd(TKey key) => key is IWindowedKey windowed ? windowed.Window.EndMs : throw new InvalidOperationException($"'{typeof(TKey).Name}' is not a windowed key.");
}
