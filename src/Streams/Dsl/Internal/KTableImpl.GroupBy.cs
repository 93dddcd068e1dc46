using Streams.Dsl.Internal.Graph;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <content>Re-grouping (<c>KTable#groupBy</c>).</content>
internal sealed partial class KTableImpl<TKey, TValue>
{
    public IKGroupedTable<TKeyOut, TValueOut> GroupBy<TKeyOut, TValueOut>(
        Func<TKey, TValue, (TKeyOut Key, TValueOut Value)> selector, Grouped<TKeyOut, TValueOut>? grouped = null)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var g = grouped ?? new Grouped<TKeyOut, TValueOut>();
        var name = g.Name ?? builder.NewName("KTABLE-SELECT-");
        var select = builder.AddNode(
            new ProcessorGraphNode<TKey, Change<TValue>, TKeyOut, Change<TValueOut>>(name, () => new KTableRepartitionMap<TKey, TValue, TKeyOut, TValueOut>(selector)), node);
        return new KGroupedTableImpl<TKeyOut, TValueOut>(
            builder, select, SerdeResolver.Known(g.KeySerde, null), SerdeResolver.Known(g.ValueSerde, null), g.Name);
    }
}
