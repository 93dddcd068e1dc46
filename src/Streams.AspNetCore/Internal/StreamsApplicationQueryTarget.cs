using Confluent.Kafka;
using Streams.Queries;

namespace Streams.AspNetCore.Internal;

/// <summary>The production <see cref="IStoreQueryTarget"/>: the container's <see cref="StreamsApplication"/>.</summary>
internal sealed class StreamsApplicationQueryTarget(StreamsApplication application) : IStoreQueryTarget
{
    public HostInfo? LocalHost => application.ApplicationServer;

    public TopologyDescription Describe() => application.Topology.Describe();

    public IReadOnlyCollection<StreamsMetadata> MetadataForAllStreamsClients() => application.MetadataForAllStreamsClients();

    public IReadOnlyCollection<StreamsMetadata> StreamsMetadataForStore(string storeName) => application.StreamsMetadataForStore(storeName);

    public KeyQueryMetadata QueryMetadataForKey<TKey>(string storeName, TKey key, ISerializer<TKey> keySerializer) =>
        application.QueryMetadataForKey(storeName, key, keySerializer);

    public TStore Store<TStore>(StoreQueryParameters<TStore> parameters) => application.Store(parameters);

    public IObservable<StoreChange<TKey, TValue>> ObserveStore<TKey, TValue>(string storeName) => application.ObserveStore<TKey, TValue>(storeName);
}
