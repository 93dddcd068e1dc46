using Streams.Dsl.Internal.Graph;
using Streams.Serialization;

namespace Streams.Dsl.Internal;

/// <content>Cogrouping (KIP-150).</content>
internal sealed partial class KGroupedStreamImpl<TKey, TValue>
{
    internal ISerde<TKey>? KeySerde => keySerde;

    internal bool RepartitionRequired => repartitionRequired;

    internal string? GroupedName => groupedName;

    public ICogroupedKStream<TKey, TAggregate> Cogroup<TAggregate>(Func<TKey, TValue, TAggregate, TAggregate> aggregator) =>
        new CogroupedKStreamImpl<TKey, TAggregate>(builder).Cogroup(this, aggregator);
}
