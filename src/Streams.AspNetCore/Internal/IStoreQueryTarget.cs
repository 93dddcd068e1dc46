using Confluent.Kafka;
using Streams.Queries;

namespace Streams.AspNetCore.Internal;

/// <summary>
/// What the HTTP endpoint asks of the local application: the query surface of <see cref="StreamsApplication"/>
/// (<see cref="StreamsApplicationQueryTarget"/>), behind a seam so routing, forwarding and streaming can be tested
/// with fakes.
/// </summary>
internal interface IStoreQueryTarget
{
    /// <summary>This instance's advertised endpoint (<see cref="StreamsOptions.ApplicationServer"/>), or null when it advertises none.</summary>
    HostInfo? LocalHost { get; }

    /// <summary>The topology description.</summary>
    TopologyDescription Describe();

    /// <summary>As <see cref="StreamsApplication.MetadataForAllStreamsClients"/>.</summary>
    IReadOnlyCollection<StreamsMetadata> MetadataForAllStreamsClients();

    /// <summary>As <see cref="StreamsApplication.StreamsMetadataForStore"/>.</summary>
    IReadOnlyCollection<StreamsMetadata> StreamsMetadataForStore(string storeName);

    /// <summary>As <see cref="StreamsApplication.QueryMetadataForKey{TKey}"/>.</summary>
    KeyQueryMetadata QueryMetadataForKey<TKey>(string storeName, TKey key, ISerializer<TKey> keySerializer);

    /// <summary>As <see cref="StreamsApplication.Store{TStore}"/>.</summary>
    TStore Store<TStore>(StoreQueryParameters<TStore> parameters);

    /// <summary>As <see cref="StreamsApplication.ObserveStore{TKey, TValue}(string)"/>.</summary>
    IObservable<StoreChange<TKey, TValue>> ObserveStore<TKey, TValue>(string storeName);
}
