using Streams.Dsl.Internal.Graph;
using Streams.Serialization;

namespace Streams.Dsl.Internal;

/// <summary>The DSL object of a table: its node forwards <see cref="Change{TValue}"/> updates.</summary>
internal sealed class KTableImpl<TKey, TValue>(StreamsBuilder builder, GraphNode node, ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde, string? storeName)
    : IKTable<TKey, TValue>
{
    public string? QueryableStoreName => storeName;

    public IKStream<TKey, TValue?> ToStream(Named? named = null)
    {
        var name = named?.Name ?? builder.NewName("KTABLE-TOSTREAM-");
        var child = builder.AddNode(new ProcessorGraphNode<TKey, Change<TValue>, TKey, TValue?>(name, () => new KTableToStream<TKey, TValue>()), node);
        return new KStreamImpl<TKey, TValue?>(builder, child, keySerde, valueSerde!, repartitionRequired: false);
    }
}

/// <summary>The DSL object of a global table: the name of its store.</summary>
internal sealed class GlobalKTableImpl<TKey, TValue>(string storeName) : IGlobalKTable<TKey, TValue>
{
    public string QueryableStoreName => storeName;
}
