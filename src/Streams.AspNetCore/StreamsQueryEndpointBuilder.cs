using System.Text.Json;
using Confluent.Kafka;
using Streams.AspNetCore.Internal;

namespace Streams.AspNetCore;

/// <summary>
/// Declares which state stores the query endpoint of
/// <see cref="StreamsQueryEndpointRouteBuilderExtensions.MapStreamsQueries"/> serves, how their keys are read from
/// URLs, and how it forwards and streams. Stores not declared here answer 404.
/// </summary>
/// <remarks>
/// A store's key type needs two things: <c>parseKey</c> turns the URL text (a path segment or a <c>from</c> /
/// <c>to</c> query value, already URL-decoded) into a key, and <c>keySerializer</c> serializes keys as the store's
/// source topic does, so that <see cref="StreamsApplication.QueryMetadataForKey{TKey}"/> finds the partition (Kafka's
/// default partitioner hashes these bytes) and ranges compare keys by their bytes, as the stores do. Keys and values
/// are written as JSON with <see cref="JsonOptions"/>.
/// </remarks>
public sealed class StreamsQueryEndpointBuilder
{
    private readonly Dictionary<string, StoreEndpoint> _stores = new(StringComparer.Ordinal);

    internal StreamsQueryEndpointBuilder()
    {
    }

    /// <summary>
    /// How keys, values and responses are written as JSON (System.Text.Json).
    /// </summary>
    /// <value>Default: <see cref="JsonSerializerDefaults.Web"/> (camelCase property names, numbers as numbers).</value>
    public JsonSerializerOptions JsonOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The URI scheme used to reach other instances at their <see cref="StreamsOptions.ApplicationServer"/>
    /// (the endpoint must be mapped with the same route prefix on every instance).
    /// </summary>
    /// <value>Default <c>http</c>.</value>
    public string ForwardingScheme { get; set; } = "http";

    /// <summary>
    /// How long a forwarded query (point read, window or session fetch, one instance's part of a range) may take
    /// before this instance answers 503. Does not limit change streams, which last until either side closes them.
    /// </summary>
    /// <value>Default 10 seconds; must be positive.</value>
    public TimeSpan ForwardingTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The <c>Retry-After</c> sent with every 503 answer (store rebalancing or restoring, owner unavailable),
    /// rounded up to whole seconds.
    /// </summary>
    /// <value>Default 1 second; must be positive.</value>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many changes a change stream (server-sent events) may hold for a client that reads more slowly than
    /// the store changes. When a subscriber falls further behind, its stream ends with an <c>overflow</c> event
    /// (the client reconnects and reads the current values), so a slow client never slows processing down.
    /// </summary>
    /// <value>Default 10,000 changes; must be at least 1.</value>
    public int MaxPendingChanges { get; set; } = 10_000;

    /// <summary>
    /// Request headers copied from the caller's request onto every query this instance forwards to another (point
    /// reads, fetches, range parts, change streams), e.g. <c>Authorization</c> to forward the caller's credentials when
    /// the endpoint requires authorization on every instance (see docs/http-endpoint.md, "Securing the endpoint"). A
    /// header the caller did not send is not added. For a service credential of this instance's own instead, add a
    /// handler to the named client <see cref="StreamsQueryServiceCollectionExtensions.HttpClientName"/>.
    /// </summary>
    /// <value>Default: empty (only <see cref="StreamsQueryHeaders.Forwarded"/> is sent). Names are case-insensitive;
    /// <c>Host</c>, <c>Content-Length</c> and hop-by-hop headers are refused when mapping.</value>
    public ISet<string> ForwardedRequestHeaders { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    internal IReadOnlyDictionary<string, StoreEndpoint> Stores => _stores;

    /// <summary>
    /// Serves a key-value store (plain or timestamped, e.g. of <c>Count</c>, <c>Aggregate</c>, <c>Reduce</c>
    /// or a materialized KTable), queried as <see cref="Queries.QueryableStoreTypes.KeyValueStore{TKey, TValue}"/>:
    /// point reads (<c>stores/{store}/keys/{key}</c>), ranges (<c>stores/{store}/keys?from=&amp;to=</c>) and change
    /// streams (<c>…/changes</c>).
    /// </summary>
    /// <typeparam name="TKey">The store's key type.</typeparam>
    /// <typeparam name="TValue">The store's value type (for timestamped stores the plain value).</typeparam>
    /// <param name="storeName">The store name (<c>Materialized.As</c>, or the generated name from <c>Topology.Describe()</c>).</param>
    /// <param name="parseKey">Parses the URL text of a key; an exception it throws answers 400.</param>
    /// <param name="keySerializer">Serializes keys as the store's source topic does (e.g. Confluent's <c>Serializers.Utf8</c> for string keys).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="storeName"/> is empty or already declared.</exception>
    public StreamsQueryEndpointBuilder KeyValueStore<TKey, TValue>(string storeName, Func<string, TKey> parseKey, ISerializer<TKey> keySerializer) =>
        Add(new KeyValueStoreEndpoint<TKey, TValue>(storeName, new KeyCodec<TKey>(parseKey, keySerializer)));

    /// <summary>
    /// Serves a window store (of a windowed aggregation), queried as
    /// <see cref="Queries.QueryableStoreTypes.WindowStore{TKey, TValue}"/>: the windows of one key whose start lies in
    /// <c>[from, to]</c> (<c>stores/{store}/keys/{key}/windows?from=&amp;to=</c>), as Kafka Streams'
    /// <c>ReadOnlyWindowStore.fetch(key, timeFrom, timeTo)</c>.
    /// </summary>
    /// <typeparam name="TKey">The record key type (not <c>Windowed</c>).</typeparam>
    /// <typeparam name="TValue">The aggregate type.</typeparam>
    /// <param name="storeName">The store name.</param>
    /// <param name="parseKey">Parses the URL text of a key; an exception it throws answers 400.</param>
    /// <param name="keySerializer">Serializes keys as the store's source topic does.</param>
    /// <param name="windowSize">The window size, to report each window's end (start + size); null (default) reports starts only, as the store does.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="storeName"/> is empty or already declared.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="windowSize"/> is not positive.</exception>
    public StreamsQueryEndpointBuilder WindowStore<TKey, TValue>(string storeName, Func<string, TKey> parseKey, ISerializer<TKey> keySerializer, TimeSpan? windowSize = null)
    {
        if (windowSize is { } size)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(size, TimeSpan.Zero, nameof(windowSize));
        }

        return Add(new WindowStoreEndpoint<TKey, TValue>(storeName, new KeyCodec<TKey>(parseKey, keySerializer), (long?)windowSize?.TotalMilliseconds));
    }

    /// <summary>
    /// Serves a session store (of a session-windowed aggregation), queried as
    /// <see cref="Queries.QueryableStoreTypes.SessionStore{TKey, TValue}"/>: the sessions of one key
    /// (<c>stores/{store}/keys/{key}/sessions</c>, as Kafka Streams' <c>ReadOnlySessionStore.fetch(key)</c>), or with
    /// <c>?from=&amp;to=</c> those ending at or after <c>from</c> and starting at or before <c>to</c> (<c>findSessions</c>).
    /// </summary>
    /// <typeparam name="TKey">The record key type (not <c>Windowed</c>).</typeparam>
    /// <typeparam name="TValue">The aggregate type.</typeparam>
    /// <param name="storeName">The store name.</param>
    /// <param name="parseKey">Parses the URL text of a key; an exception it throws answers 400.</param>
    /// <param name="keySerializer">Serializes keys as the store's source topic does.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="storeName"/> is empty or already declared.</exception>
    public StreamsQueryEndpointBuilder SessionStore<TKey, TValue>(string storeName, Func<string, TKey> parseKey, ISerializer<TKey> keySerializer) =>
        Add(new SessionStoreEndpoint<TKey, TValue>(storeName, new KeyCodec<TKey>(parseKey, keySerializer)));

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(JsonOptions, nameof(JsonOptions));
        if (ForwardingScheme is not ("http" or "https"))
        {
            throw new ArgumentException($"ForwardingScheme must be http or https, not '{ForwardingScheme}'.", nameof(ForwardingScheme));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ForwardingTimeout, TimeSpan.Zero, nameof(ForwardingTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryAfter, TimeSpan.Zero, nameof(RetryAfter));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingChanges, 1, nameof(MaxPendingChanges));
        foreach (var header in ForwardedRequestHeaders)
        {
            if (string.IsNullOrWhiteSpace(header) || NotForwardable.Contains(header))
            {
                throw new ArgumentException(
                    $"ForwardedRequestHeaders may not hold '{header}': Host, Content-Length, {StreamsQueryHeaders.Forwarded} and hop-by-hop headers are set per request.",
                    nameof(ForwardedRequestHeaders));
            }
        }
    }

    private static readonly HashSet<string> NotForwardable = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "TE", "Trailer",
        "Proxy-Authorization", "Proxy-Authenticate", StreamsQueryHeaders.Forwarded,
    };

    private StreamsQueryEndpointBuilder Add(StoreEndpoint store)
    {
        if (!_stores.TryAdd(store.StoreName, store))
        {
            throw new ArgumentException($"Store '{store.StoreName}' is already declared on this query endpoint.", nameof(store));
        }

        return this;
    }
}
