using Confluent.Kafka;
using Streams.Queries;

namespace Streams;

// CONTRACT STUB: the interactive-query surface (issue 6). Bodies are filled by the IQ work; the HTTP layer codes against these signatures.
public sealed partial class StreamsApplication
{
    /// <summary>
    /// A read-only view of a local store, as Kafka Streams' <c>KafkaStreams.store(StoreQueryParameters)</c>: it spans
    /// every local active task of the store (or the one partition asked for) and is safe to use from any thread while
    /// the application runs.
    /// </summary>
    /// <typeparam name="TStore">The view type, from <see cref="QueryableStoreTypes"/>.</typeparam>
    /// <param name="parameters">Store name, type, partition, staleness.</param>
    /// <returns>The view; reads on it throw <see cref="InvalidStateStoreException"/> once the store moves away or the application stops.</returns>
    /// <exception cref="InvalidStateStoreException">The application is not running, the store is unknown or of another type, restoring, or not hosted here.</exception>
    public TStore Store<TStore>(StoreQueryParameters<TStore> parameters) =>
        throw new NotImplementedException("Interactive queries are being built (issue 6).");

    /// <summary>
    /// Pushes every change of the local key-value store <paramref name="storeName"/> (all local partitions) as it is
    /// written, in write order per partition. Filter by key or range with Rx operators. Completes when the application stops.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type (for timestamped stores the plain value; the timestamp is on the change).</typeparam>
    /// <param name="storeName">The store.</param>
    /// <returns>A hot observable; subscribers see changes after they subscribe.</returns>
    /// <exception cref="InvalidStateStoreException">The store is unknown or not a key-value store.</exception>
    public IObservable<StoreChange<TKey, TValue>> ObserveStore<TKey, TValue>(string storeName) =>
        throw new NotImplementedException("Push queries are being built (issue 6).");
}
