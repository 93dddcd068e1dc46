using Streams.Serialization;
using Streams.State;

namespace Streams.Dsl;

/// <summary>
/// How an aggregation or table is stored, as Kafka Streams' <c>Materialized</c>: store name (which
/// makes it queryable and names its changelog <c>{applicationId}-{name}-changelog</c>), serdes,
/// changelog on or off (default on), retention for window stores, or an explicit bytes-store supplier.
/// Without a supplier the store kind comes from the runtime's <see cref="IDslStoreSuppliers"/>.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed partial record Materialized<TKey, TValue>
{
    /// <summary>
    /// The store name, or null to generate one (shaped by <see cref="TopologyOptions.NamingStrategy"/>; refused by
    /// <see cref="TopologyOptions.EnsureExplicitInternalResourceNaming"/>).
    /// </summary>
    public string? StoreName { get; init; }

    /// <summary>The key serde, or null.</summary>
    public ISerde<TKey>? KeySerde { get; init; }

    /// <summary>The value serde, or null.</summary>
    public ISerde<TValue>? ValueSerde { get; init; }

    /// <summary>Whether the store has a changelog topic. Default <see langword="true"/>.</summary>
    public bool LoggingEnabled { get; init; } = true;

    /// <summary>
    /// Whether a record cache sits in front of the store (default <see langword="true"/>, as Kafka Streams):
    /// updates of one key are merged between commits and only the latest is written to the changelog and
    /// forwarded downstream at commit (or when the cache, sized by <c>StreamsOptions.StateStoreCacheMaxBytes</c>,
    /// evicts it). With caching off, every update is forwarded.
    /// </summary>
    public bool CachingEnabled { get; init; } = true;

    /// <summary>Window or session store retention; default window size + grace (sessions: inactivity gap + grace), as Kafka Streams.</summary>
    public TimeSpan? Retention { get; init; }

    /// <summary>An explicit key-value store supplier, or null.</summary>
    public IKeyValueBytesStoreSupplier? KeyValueStoreSupplier { get; init; }

    /// <summary>An explicit window store supplier, or null.</summary>
    public IWindowBytesStoreSupplier? WindowStoreSupplier { get; init; }

    /// <summary>Names the store.</summary>
    /// <param name="storeName">The store name.</param>
    /// <returns>The parameters.</returns>
    public static Materialized<TKey, TValue> As(string storeName)
    {
        Named.Validate(storeName);
        return new() { StoreName = storeName };
    }

    /// <summary>Uses an explicit key-value store supplier (its name names the store).</summary>
    /// <param name="supplier">The supplier.</param>
    /// <returns>The parameters.</returns>
    public static Materialized<TKey, TValue> As(IKeyValueBytesStoreSupplier supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        return new() { StoreName = supplier.Name, KeyValueStoreSupplier = supplier };
    }

    /// <summary>Uses an explicit window store supplier (its name names the store).</summary>
    /// <param name="supplier">The supplier.</param>
    /// <returns>The parameters.</returns>
    public static Materialized<TKey, TValue> As(IWindowBytesStoreSupplier supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        return new() { StoreName = supplier.Name, WindowStoreSupplier = supplier };
    }

    /// <summary>Stores with the given serdes.</summary>
    /// <param name="keySerde">The key serde.</param>
    /// <param name="valueSerde">The value serde.</param>
    /// <returns>The parameters.</returns>
    public static Materialized<TKey, TValue> With(ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde) => new() { KeySerde = keySerde, ValueSerde = valueSerde };

    /// <summary>A copy with a key serde.</summary>
    /// <param name="serde">The serde.</param>
    /// <returns>The copy.</returns>
    public Materialized<TKey, TValue> WithKeySerde(ISerde<TKey> serde) => this with { KeySerde = serde };

    /// <summary>A copy with a value serde.</summary>
    /// <param name="serde">The serde.</param>
    /// <returns>The copy.</returns>
    public Materialized<TKey, TValue> WithValueSerde(ISerde<TValue> serde) => this with { ValueSerde = serde };

    /// <summary>A copy without a changelog (the store is not restored after a failure or move).</summary>
    /// <returns>The copy.</returns>
    public Materialized<TKey, TValue> WithLoggingDisabled() => this with { LoggingEnabled = false };

    /// <summary>A copy with a changelog (the default).</summary>
    /// <returns>The copy.</returns>
    public Materialized<TKey, TValue> WithLoggingEnabled() => this with { LoggingEnabled = true };

    /// <summary>A copy with the record cache off: every update is forwarded and logged.</summary>
    /// <returns>The copy.</returns>
    public Materialized<TKey, TValue> WithCachingDisabled() => this with { CachingEnabled = false };

    /// <summary>A copy with the record cache on (the default).</summary>
    /// <returns>The copy.</returns>
    public Materialized<TKey, TValue> WithCachingEnabled() => this with { CachingEnabled = true };

    /// <summary>A copy with a window store retention.</summary>
    /// <param name="retention">The retention; at least window size + grace.</param>
    /// <returns>The copy.</returns>
    public Materialized<TKey, TValue> WithRetention(TimeSpan retention) => this with { Retention = retention };
}
