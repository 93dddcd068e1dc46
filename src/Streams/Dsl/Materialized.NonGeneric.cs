using System.Diagnostics.CodeAnalysis;
using Streams.Serialization;
using Streams.State;

namespace Streams.Dsl;

/// <summary>
/// How an aggregation or table is stored, without its types: the factories of <see cref="Materialized{TKey, TValue}"/>
/// that C# can call without type arguments, as Kafka Streams' <c>Materialized.as(...)</c> and <c>Materialized.with(...)</c>.
/// <see cref="With{TKey, TValue}"/> infers the types from its serdes; <see cref="As(string)"/> and the supplier overloads
/// carry no type, so they return this untyped value, which converts implicitly to the <see cref="Materialized{TKey, TValue}"/>
/// the operator expects (as Java infers <c>count(Materialized.as("counts"))</c> from the target):
/// <code>
/// stream.GroupByKey().Count(Materialized.As("counts"));
/// table.Aggregate(() =&gt; new Stats(), Add, Materialized.As("stats").WithSerdes(Serdes.String, statsSerde));
/// </code>
/// Immutable: the <c>With*</c> methods return copies.
/// </summary>
public sealed record Materialized
{
    private Materialized()
    {
    }

    /// <summary>The store name, or null to generate one (see <see cref="Materialized{TKey, TValue}.StoreName"/>).</summary>
    public string? StoreName { get; private init; }

    /// <summary>Whether the store has a changelog topic. Default <see langword="true"/>.</summary>
    public bool LoggingEnabled { get; private init; } = true;

    /// <summary>Topic configs of the store's changelog (see <see cref="Materialized{TKey, TValue}.LoggingConfigs"/>), or null.</summary>
    public IReadOnlyDictionary<string, string>? LoggingConfigs { get; private init; }

    /// <summary>Whether a record cache sits in front of the store. Default <see langword="true"/>, as Kafka Streams.</summary>
    public bool CachingEnabled { get; private init; } = true;

    /// <summary>Window or session store retention, or null for the default (window size + grace).</summary>
    public TimeSpan? Retention { get; private init; }

    /// <summary>An explicit key-value store supplier, or null.</summary>
    public IKeyValueBytesStoreSupplier? KeyValueStoreSupplier { get; private init; }

    /// <summary>An explicit window store supplier, or null.</summary>
    public IWindowBytesStoreSupplier? WindowStoreSupplier { get; private init; }

    /// <summary>An explicit session store supplier, or null.</summary>
    public ISessionBytesStoreSupplier? SessionStoreSupplier { get; private init; }

    /// <summary>An explicit versioned store supplier, or null.</summary>
    public IVersionedBytesStoreSupplier? VersionedStoreSupplier { get; private init; }

    /// <summary>
    /// Names the store, as Kafka Streams' <c>Materialized.as(String)</c>: the name makes it queryable and names its
    /// changelog <c>{applicationId}-{name}-changelog</c>. The result converts to the <see cref="Materialized{TKey, TValue}"/>
    /// the operator takes (<c>Count(Materialized.As("counts"))</c>); its serdes are the operator's defaults.
    /// </summary>
    /// <param name="storeName">The store name; letters, digits, '.', '_' and '-' only (see <see cref="Named.As"/>).</param>
    /// <returns>The untyped parameters.</returns>
    /// <exception cref="ArgumentException">The name is empty or illegal.</exception>
    public static Materialized As(string storeName)
    {
        Named.Validate(storeName);
        return new() { StoreName = storeName };
    }

    /// <summary>Uses an explicit key-value store supplier (its name names the store), as Kafka Streams' <c>Materialized.as(KeyValueBytesStoreSupplier)</c>.</summary>
    /// <param name="supplier">The supplier, e.g. <see cref="Stores.InMemoryKeyValueStore"/>.</param>
    /// <returns>The untyped parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="supplier"/> is null.</exception>
    public static Materialized As(IKeyValueBytesStoreSupplier supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        return new() { StoreName = supplier.Name, KeyValueStoreSupplier = supplier };
    }

    /// <summary>Uses an explicit window store supplier (its name names the store), as Kafka Streams' <c>Materialized.as(WindowBytesStoreSupplier)</c>.</summary>
    /// <param name="supplier">The supplier.</param>
    /// <returns>The untyped parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="supplier"/> is null.</exception>
    public static Materialized As(IWindowBytesStoreSupplier supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        return new() { StoreName = supplier.Name, WindowStoreSupplier = supplier };
    }

    /// <summary>Uses an explicit session store supplier (its name names the store), as Kafka Streams' <c>Materialized.as(SessionBytesStoreSupplier)</c>.</summary>
    /// <param name="supplier">The supplier.</param>
    /// <returns>The untyped parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="supplier"/> is null.</exception>
    public static Materialized As(ISessionBytesStoreSupplier supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        return new() { StoreName = supplier.Name, SessionStoreSupplier = supplier };
    }

    /// <summary>
    /// Materializes a source table in a versioned store (its name names the store), as Kafka Streams'
    /// <c>Materialized.as(VersionedBytesStoreSupplier)</c>; see <see cref="Materialized{TKey, TValue}.As(IVersionedBytesStoreSupplier)"/>.
    /// </summary>
    /// <param name="supplier">The supplier.</param>
    /// <returns>The untyped parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="supplier"/> is null.</exception>
    public static Materialized As(IVersionedBytesStoreSupplier supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        return new() { StoreName = supplier.Name, VersionedStoreSupplier = supplier };
    }

    /// <summary>
    /// Stores with the given serdes, the types inferred from them, as Kafka Streams' <c>Materialized.with(Serde, Serde)</c>:
    /// <c>Materialized.With(Serdes.String, Serdes.Int64)</c> is a <c>Materialized&lt;string?, long&gt;</c>
    /// (<see cref="Serdes.String"/> reads a tombstone as a null value, so its type is <c>string?</c>).
    /// </summary>
    /// <typeparam name="TKey">The key type, inferred from <paramref name="keySerde"/>.</typeparam>
    /// <typeparam name="TValue">The value type, inferred from <paramref name="valueSerde"/>.</typeparam>
    /// <param name="keySerde">The key serde (null: the operator's default).</param>
    /// <param name="valueSerde">The value serde (null: the operator's default).</param>
    /// <returns>The parameters.</returns>
    public static Materialized<TKey, TValue> With<TKey, TValue>(ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde) =>
        Materialized<TKey, TValue>.With(keySerde, valueSerde);

    /// <summary>
    /// A typed copy with the given serdes, the types inferred from them, as Kafka Streams'
    /// <c>Materialized.as(name).withKeySerde(k).withValueSerde(v)</c>: <c>Materialized.As("stats").WithSerdes(Serdes.String, statsSerde)</c>.
    /// </summary>
    /// <typeparam name="TKey">The key type, inferred from <paramref name="keySerde"/>.</typeparam>
    /// <typeparam name="TValue">The value type, inferred from <paramref name="valueSerde"/>.</typeparam>
    /// <param name="keySerde">The key serde (null: the operator's default).</param>
    /// <param name="valueSerde">The value serde (null: the operator's default).</param>
    /// <returns>The typed parameters, with this name, logging, caching, retention and supplier.</returns>
    public Materialized<TKey, TValue> WithSerdes<TKey, TValue>(ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde) =>
        ((Materialized<TKey, TValue>)this) with { KeySerde = keySerde, ValueSerde = valueSerde };

    /// <summary>A copy without a changelog (the store is not restored after a failure or move).</summary>
    /// <returns>The copy.</returns>
    public Materialized WithLoggingDisabled() => this with { LoggingEnabled = false };

    /// <summary>A copy with a changelog (the default).</summary>
    /// <returns>The copy.</returns>
    public Materialized WithLoggingEnabled() => this with { LoggingEnabled = true };

    /// <summary>A copy with a changelog created with the given topic configs, as Kafka Streams' <c>Materialized.withLoggingEnabled(Map)</c>.</summary>
    /// <param name="configs">Kafka topic configs, e.g. <c>["min.insync.replicas"] = "2"</c>; copied.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configs"/> is null.</exception>
    public Materialized WithLoggingEnabled(IReadOnlyDictionary<string, string> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        return this with { LoggingEnabled = true, LoggingConfigs = new Dictionary<string, string>(configs, StringComparer.Ordinal) };
    }

    /// <summary>A copy with the record cache off: every update is forwarded and logged.</summary>
    /// <returns>The copy.</returns>
    public Materialized WithCachingDisabled() => this with { CachingEnabled = false };

    /// <summary>A copy with the record cache on (the default).</summary>
    /// <returns>The copy.</returns>
    public Materialized WithCachingEnabled() => this with { CachingEnabled = true };

    /// <summary>A copy with a window or session store retention.</summary>
    /// <param name="retention">The retention; at least window size + grace.</param>
    /// <returns>The copy.</returns>
    public Materialized WithRetention(TimeSpan retention) => this with { Retention = retention };
}

/// <content>The conversion from the untyped <see cref="Materialized"/>.</content>
public sealed partial record Materialized<TKey, TValue>
{
    /// <summary>
    /// The typed parameters of untyped ones (<see cref="Materialized.As(string)"/>...): same name, logging, caching,
    /// retention and supplier; default serdes. Lets <c>Count(Materialized.As("counts"))</c> compile without type arguments.
    /// </summary>
    /// <param name="settings">The untyped parameters, or null.</param>
    /// <returns>The typed parameters, or null when <paramref name="settings"/> is.</returns>
    [return: NotNullIfNotNull(nameof(settings))]
    public static implicit operator Materialized<TKey, TValue>?(Materialized? settings) => settings is null ? null : new()
    {
        StoreName = settings.StoreName,
        LoggingEnabled = settings.LoggingEnabled,
        LoggingConfigs = settings.LoggingConfigs,
        CachingEnabled = settings.CachingEnabled,
        Retention = settings.Retention,
        KeyValueStoreSupplier = settings.KeyValueStoreSupplier,
        WindowStoreSupplier = settings.WindowStoreSupplier,
        SessionStoreSupplier = settings.SessionStoreSupplier,
        VersionedStoreSupplier = settings.VersionedStoreSupplier,
    };
}
