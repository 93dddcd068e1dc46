using System.Diagnostics.CodeAnalysis;
using Streams.Serialization;
using Streams.State;

namespace Streams.Dsl;

/// <summary>
/// Serdes, names and stores of a stream-stream join, without their types: the factories of
/// <see cref="StreamJoined{TKey, TValue, TOtherValue}"/> that C# can call without type arguments, as Kafka Streams'
/// <c>StreamJoined.with(...)</c> and <c>StreamJoined.as(...)</c>:
/// <c>StreamJoined.With(Serdes.String, orderSerde, paymentSerde).WithName("order-payment")</c>, or
/// <c>StreamJoined.As("order-payment")</c>. The untyped value converts to the <see cref="StreamJoined{TKey, TValue, TOtherValue}"/>
/// the operator expects.
/// </summary>
public sealed record StreamJoined
{
    private StreamJoined()
    {
    }

    /// <summary>The join's processor name base, or null.</summary>
    public string? Name { get; private init; }

    /// <summary>The join stores' name base, or null.</summary>
    public string? StoreName { get; private init; }

    /// <summary>This side's window store supplier, or null.</summary>
    public IWindowBytesStoreSupplier? ThisStoreSupplier { get; private init; }

    /// <summary>The other side's window store supplier, or null.</summary>
    public IWindowBytesStoreSupplier? OtherStoreSupplier { get; private init; }

    /// <summary>The store kind for the join stores, or null for the runtime's.</summary>
    public IDslStoreSuppliers? DslStoreSuppliers { get; private init; }

    /// <summary>Whether the join stores have changelogs. Default <see langword="true"/>.</summary>
    public bool LoggingEnabled { get; private init; } = true;

    /// <summary>Topic configs of the join stores' changelogs, or null.</summary>
    public IReadOnlyDictionary<string, string>? LoggingConfigs { get; private init; }

    /// <summary>Joins with the given serdes, the types inferred from them, as Kafka Streams' <c>StreamJoined.with(Serde, Serde, Serde)</c>.</summary>
    /// <typeparam name="TKey">The key type, inferred from <paramref name="keySerde"/>.</typeparam>
    /// <typeparam name="TValue">This stream's value type, inferred from <paramref name="valueSerde"/>.</typeparam>
    /// <typeparam name="TOtherValue">The other stream's value type, inferred from <paramref name="otherValueSerde"/>.</typeparam>
    /// <param name="keySerde">The key serde (null: the streams').</param>
    /// <param name="valueSerde">This stream's value serde (null: the stream's).</param>
    /// <param name="otherValueSerde">The other stream's value serde (null: the stream's).</param>
    /// <returns>The parameters.</returns>
    public static StreamJoined<TKey, TValue, TOtherValue> With<TKey, TValue, TOtherValue>(
        ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde, ISerde<TOtherValue>? otherValueSerde) =>
        StreamJoined<TKey, TValue, TOtherValue>.With(keySerde, valueSerde, otherValueSerde);

    /// <summary>Joins with explicit window store suppliers, as Kafka Streams' <c>StreamJoined.with(WindowBytesStoreSupplier, WindowBytesStoreSupplier)</c>.</summary>
    /// <param name="thisStoreSupplier">This side's store supplier.</param>
    /// <param name="otherStoreSupplier">The other side's store supplier.</param>
    /// <returns>The untyped parameters.</returns>
    /// <exception cref="ArgumentNullException">A supplier is null.</exception>
    public static StreamJoined With(IWindowBytesStoreSupplier thisStoreSupplier, IWindowBytesStoreSupplier otherStoreSupplier) =>
        new StreamJoined().WithThisStoreSupplier(thisStoreSupplier).WithOtherStoreSupplier(otherStoreSupplier);

    /// <summary>Joins with a store kind, as Kafka Streams' <c>StreamJoined.with(DslStoreSuppliers)</c>.</summary>
    /// <param name="storeSuppliers">The store kind.</param>
    /// <returns>The untyped parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="storeSuppliers"/> is null.</exception>
    public static StreamJoined With(IDslStoreSuppliers storeSuppliers) => new StreamJoined().WithDslStoreSuppliers(storeSuppliers);

    /// <summary>Names the join stores, as Kafka Streams' <c>StreamJoined.as(String)</c>.</summary>
    /// <param name="storeName">The store name base; letters, digits, '.', '_' and '-' only.</param>
    /// <returns>The untyped parameters.</returns>
    /// <exception cref="ArgumentException">The name is empty or illegal.</exception>
    public static StreamJoined As(string storeName) => new StreamJoined().WithStoreName(storeName);

    /// <summary>A copy with a processor name base.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">The name is empty or illegal.</exception>
    public StreamJoined WithName(string name)
    {
        Named.Validate(name);
        return this with { Name = name };
    }

    /// <summary>A copy with a store name base.</summary>
    /// <param name="storeName">The name.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">The name is empty or illegal.</exception>
    public StreamJoined WithStoreName(string storeName)
    {
        Named.Validate(storeName);
        return this with { StoreName = storeName };
    }

    /// <summary>A copy with this side's window store supplier.</summary>
    /// <param name="supplier">The supplier.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="supplier"/> is null.</exception>
    public StreamJoined WithThisStoreSupplier(IWindowBytesStoreSupplier supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        return this with { ThisStoreSupplier = supplier };
    }

    /// <summary>A copy with the other side's window store supplier.</summary>
    /// <param name="supplier">The supplier.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="supplier"/> is null.</exception>
    public StreamJoined WithOtherStoreSupplier(IWindowBytesStoreSupplier supplier)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        return this with { OtherStoreSupplier = supplier };
    }

    /// <summary>A copy with a store kind for the join stores.</summary>
    /// <param name="storeSuppliers">The store kind.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="storeSuppliers"/> is null.</exception>
    public StreamJoined WithDslStoreSuppliers(IDslStoreSuppliers storeSuppliers)
    {
        ArgumentNullException.ThrowIfNull(storeSuppliers);
        return this with { DslStoreSuppliers = storeSuppliers };
    }

    /// <summary>A copy with changelogs (the default).</summary>
    /// <returns>The copy.</returns>
    public StreamJoined WithLoggingEnabled() => this with { LoggingEnabled = true };

    /// <summary>A copy with changelogs created with the given topic configs.</summary>
    /// <param name="configs">Kafka topic configs; copied.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configs"/> is null.</exception>
    public StreamJoined WithLoggingEnabled(IReadOnlyDictionary<string, string> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        return this with { LoggingEnabled = true, LoggingConfigs = new Dictionary<string, string>(configs, StringComparer.Ordinal) };
    }

    /// <summary>A copy without changelogs.</summary>
    /// <returns>The copy.</returns>
    public StreamJoined WithLoggingDisabled() => this with { LoggingEnabled = false };
}

/// <content>The conversion from the untyped <see cref="StreamJoined"/>.</content>
public sealed partial record StreamJoined<TKey, TValue, TOtherValue>
{
    /// <summary>The typed parameters of untyped ones (<see cref="StreamJoined.As(string)"/>...): same names, stores and logging, default serdes.</summary>
    /// <param name="settings">The untyped parameters, or null.</param>
    /// <returns>The typed parameters, or null when <paramref name="settings"/> is.</returns>
    [return: NotNullIfNotNull(nameof(settings))]
    public static implicit operator StreamJoined<TKey, TValue, TOtherValue>?(StreamJoined? settings) => settings is null ? null : new()
    {
        Name = settings.Name,
        StoreName = settings.StoreName,
        ThisStoreSupplier = settings.ThisStoreSupplier,
        OtherStoreSupplier = settings.OtherStoreSupplier,
        DslStoreSuppliers = settings.DslStoreSuppliers,
        LoggingEnabled = settings.LoggingEnabled,
        LoggingConfigs = settings.LoggingConfigs,
    };
}
