using Streams.Serialization;
using Streams.State;

namespace Streams.Dsl;

/// <summary>
/// Names, serdes and stores of a stream-stream join, as Kafka Streams' <c>StreamJoined</c>. A join keeps each side's
/// records in a window store that retains duplicates (retention = before + after + grace, window size = before +
/// after), named <c>{generated join processor}-store</c> (e.g. <c>KSTREAM-JOINTHIS-0000000004-store</c>) or, with
/// <see cref="StoreName"/>, <c>{storeName}-this-join-store</c> / <c>{storeName}-other-join-store</c> (with
/// <c>-outer-</c> for outer sides); left and outer joins add a shared store for records not joined yet
/// (<c>KSTREAM-OUTERSHARED-n-store</c> or <c>{storeName}-left-shared-join-store</c> /
/// <c>-outer-shared-join-store</c>). Every store has a changelog <c>{applicationId}-{store}-changelog</c> unless
/// logging is disabled.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">This (left) stream's value type.</typeparam>
/// <typeparam name="TOtherValue">The other (right) stream's value type.</typeparam>
public sealed partial record StreamJoined<TKey, TValue, TOtherValue>
{
    /// <summary>The key serde for the stores and repartition topics, or null for the streams' (or the built-in) serde.</summary>
    public ISerde<TKey>? KeySerde { get; init; }

    /// <summary>This stream's value serde, or null for the stream's (or the built-in) serde.</summary>
    public ISerde<TValue>? ValueSerde { get; init; }

    /// <summary>The other stream's value serde, or null for the stream's (or the built-in) serde.</summary>
    public ISerde<TOtherValue>? OtherValueSerde { get; init; }

    /// <summary>
    /// The base name of the join's processors (<c>{name}-this-windowed</c>, <c>{name}-this-join</c>,
    /// <c>{name}-merge</c>, ...) and repartition topics (<c>{applicationId}-{name}-left-repartition</c> and
    /// <c>-right-repartition</c>), or null to generate names.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>The base name of the join's stores (and so of their changelog topics), or null to derive them from the processor names.</summary>
    public string? StoreName { get; init; }

    /// <summary>
    /// The supplier of this stream's window store, or null for <see cref="DslStoreSuppliers"/>. It must retain
    /// duplicates and have retention = window size + grace and window size = before + after.
    /// </summary>
    public IWindowBytesStoreSupplier? ThisStoreSupplier { get; init; }

    /// <summary>The supplier of the other stream's window store, or null; the same requirements as <see cref="ThisStoreSupplier"/>.</summary>
    public IWindowBytesStoreSupplier? OtherStoreSupplier { get; init; }

    /// <summary>The store kinds for stores without an explicit supplier, or null for the application's <c>StreamsOptions.DslStoreSuppliers</c>.</summary>
    public IDslStoreSuppliers? DslStoreSuppliers { get; init; }

    /// <summary>Whether the join's stores have changelog topics. Default <see langword="true"/>.</summary>
    public bool LoggingEnabled { get; init; } = true;

    /// <summary>
    /// Topic configs of the join stores' changelogs (<see cref="WithLoggingEnabled(IReadOnlyDictionary{string, string})"/>), overriding
    /// the computed ones (e.g. <c>retention.ms</c>), or null.
    /// </summary>
    public IReadOnlyDictionary<string, string>? LoggingConfigs { get; init; }

    /// <summary>Joins with the given serdes, as Kafka Streams' <c>StreamJoined.with(Serde, Serde, Serde)</c>.</summary>
    /// <param name="keySerde">The key serde, or null.</param>
    /// <param name="valueSerde">This stream's value serde, or null.</param>
    /// <param name="otherValueSerde">The other stream's value serde, or null.</param>
    /// <returns>The parameters.</returns>
    public static StreamJoined<TKey, TValue, TOtherValue> With(ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde, ISerde<TOtherValue>? otherValueSerde) =>
        new() { KeySerde = keySerde, ValueSerde = valueSerde, OtherValueSerde = otherValueSerde };

    /// <summary>Joins with explicit window store suppliers, as Kafka Streams' <c>StreamJoined.with(WindowBytesStoreSupplier, WindowBytesStoreSupplier)</c>.</summary>
    /// <param name="thisStoreSupplier">This stream's store; must retain duplicates.</param>
    /// <param name="otherStoreSupplier">The other stream's store; must retain duplicates and have another name.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentNullException">A supplier is null.</exception>
    public static StreamJoined<TKey, TValue, TOtherValue> With(IWindowBytesStoreSupplier thisStoreSupplier, IWindowBytesStoreSupplier otherStoreSupplier)
    {
        ArgumentNullException.ThrowIfNull(thisStoreSupplier);
        ArgumentNullException.ThrowIfNull(otherStoreSupplier);
        return new() { ThisStoreSupplier = thisStoreSupplier, OtherStoreSupplier = otherStoreSupplier };
    }

    /// <summary>Joins with the given store kinds, as Kafka Streams' <c>StreamJoined.with(DslStoreSuppliers)</c>.</summary>
    /// <param name="storeSuppliers">The store kinds for every store of the join without an explicit supplier.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="storeSuppliers"/> is null.</exception>
    public static StreamJoined<TKey, TValue, TOtherValue> With(IDslStoreSuppliers storeSuppliers)
    {
        ArgumentNullException.ThrowIfNull(storeSuppliers);
        return new() { DslStoreSuppliers = storeSuppliers };
    }

    /// <summary>Names the join's stores (and their changelog topics), as Kafka Streams' <c>StreamJoined.as</c>.</summary>
    /// <param name="storeName">The base store name: letters, digits, '.', '_' and '-'.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentException">The name is empty or has other characters.</exception>
    public static StreamJoined<TKey, TValue, TOtherValue> As(string storeName)
    {
        Named.Validate(storeName);
        return new() { StoreName = storeName };
    }

    /// <summary>A copy that names the join's processors and repartition topics, as Kafka Streams' <c>withName</c>.</summary>
    /// <param name="name">The base name: letters, digits, '.', '_' and '-'.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">The name is empty or has other characters.</exception>
    public StreamJoined<TKey, TValue, TOtherValue> WithName(string name)
    {
        Named.Validate(name);
        return this with { Name = name };
    }

    /// <summary>A copy that names the join's stores, as Kafka Streams' <c>withStoreName</c>.</summary>
    /// <param name="storeName">The base store name: letters, digits, '.', '_' and '-'.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">The name is empty or has other characters.</exception>
    public StreamJoined<TKey, TValue, TOtherValue> WithStoreName(string storeName)
    {
        Named.Validate(storeName);
        return this with { StoreName = storeName };
    }

    /// <summary>A copy with a key serde.</summary>
    /// <param name="serde">The serde.</param>
    /// <returns>The copy.</returns>
    public StreamJoined<TKey, TValue, TOtherValue> WithKeySerde(ISerde<TKey> serde) => this with { KeySerde = serde };

    /// <summary>A copy with this stream's value serde.</summary>
    /// <param name="serde">The serde.</param>
    /// <returns>The copy.</returns>
    public StreamJoined<TKey, TValue, TOtherValue> WithValueSerde(ISerde<TValue> serde) => this with { ValueSerde = serde };

    /// <summary>A copy with the other stream's value serde.</summary>
    /// <param name="serde">The serde.</param>
    /// <returns>The copy.</returns>
    public StreamJoined<TKey, TValue, TOtherValue> WithOtherValueSerde(ISerde<TOtherValue> serde) => this with { OtherValueSerde = serde };

    /// <summary>A copy with this stream's window store supplier (it must retain duplicates), as Kafka Streams' <c>withThisStoreSupplier</c>.</summary>
    /// <param name="supplier">The supplier.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="supplier"/> is null.</exception>
    public StreamJoined<TKey, TValue, TOtherValue> WithThisStoreSupplier(IWindowBytesStoreSupplier supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        return this with { ThisStoreSupplier = supplier };
    }

    /// <summary>A copy with the other stream's window store supplier (it must retain duplicates), as Kafka Streams' <c>withOtherStoreSupplier</c>.</summary>
    /// <param name="supplier">The supplier.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="supplier"/> is null.</exception>
    public StreamJoined<TKey, TValue, TOtherValue> WithOtherStoreSupplier(IWindowBytesStoreSupplier supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        return this with { OtherStoreSupplier = supplier };
    }

    /// <summary>A copy with the store kinds for stores without an explicit supplier, as Kafka Streams' <c>withDslStoreSuppliers</c>.</summary>
    /// <param name="storeSuppliers">The store kinds.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="storeSuppliers"/> is null.</exception>
    public StreamJoined<TKey, TValue, TOtherValue> WithDslStoreSuppliers(IDslStoreSuppliers storeSuppliers)
    {
        ArgumentNullException.ThrowIfNull(storeSuppliers);
        return this with { DslStoreSuppliers = storeSuppliers };
    }

    /// <summary>A copy whose stores have changelog topics (the default).</summary>
    /// <returns>The copy.</returns>
    public StreamJoined<TKey, TValue, TOtherValue> WithLoggingEnabled() => this with { LoggingEnabled = true };

    /// <summary>
    /// A copy whose stores have changelog topics created with the given topic configs, as Kafka Streams'
    /// <c>StreamJoined.withLoggingEnabled(Map)</c>: they override the computed configs of every join store's changelog.
    /// </summary>
    /// <param name="configs">Kafka topic configs; copied.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configs"/> is null.</exception>
    public StreamJoined<TKey, TValue, TOtherValue> WithLoggingEnabled(IReadOnlyDictionary<string, string> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        return this with { LoggingEnabled = true, LoggingConfigs = new Dictionary<string, string>(configs, StringComparer.Ordinal) };
    }

    /// <summary>A copy whose stores have no changelog topics: after a failure or a move the join starts with empty windows.</summary>
    /// <returns>The copy.</returns>
    public StreamJoined<TKey, TValue, TOtherValue> WithLoggingDisabled() => this with { LoggingEnabled = false };
}
