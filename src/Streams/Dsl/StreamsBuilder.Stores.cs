using Streams.Dsl.Internal.Graph;
using Streams.State;

namespace Streams.Dsl;

/// <summary>Stores for the Processor API.</summary>
public sealed partial class StreamsBuilder
{
    /// <summary>
    /// Adds a state store that processors connect to by name (<c>Process(..., stateStoreNames)</c>,
    /// <c>ProcessValues(..., stateStoreNames)</c>), as Kafka Streams' <c>StreamsBuilder#addStateStore</c>. Every processor
    /// connected to the store runs in the same sub-topology (and so the same task).
    /// </summary>
    /// <typeparam name="TStore">The store interface.</typeparam>
    /// <param name="storeBuilder">The store, e.g. <c>Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("seen"), keySerde, valueSerde)</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="storeBuilder"/> is null.</exception>
    /// <exception cref="TopologyException">Thrown by <see cref="Build"/> when another store has the same name.</exception>
    public StreamsBuilder AddStateStore<TStore>(StoreBuilder<TStore> storeBuilder)
        where TStore : class, IStateStore
    {
        ArgumentNullException.ThrowIfNull(storeBuilder);
        AddNode(new StateStoreGraphNode(storeBuilder.ToFactory()));
        return this;
    }
}
