using Streams.Processor.Internal;

namespace Streams.State;

/// <summary>
/// Describes a state store for the Processor API, as Kafka Streams' <c>StoreBuilder</c>: name, changelog (on by default)
/// and record cache (off by default). Add it to a topology with <c>StreamsBuilder.AddStateStore</c> and connect processors
/// to it by name (<c>Process(..., stateStoreNames)</c>, <c>ProcessValues(..., stateStoreNames)</c>); each task then
/// builds its own instance: typed metered layer, optional cache, optional change-logging, bytes store from the supplier.
/// Created by <see cref="Stores.KeyValueStoreBuilder{TKey, TValue}"/> and its siblings; immutable, the <c>With*</c>
/// methods return modified copies.
/// </summary>
/// <typeparam name="TStore">The store interface processors get, e.g. <see cref="IKeyValueStore{TKey, TValue}"/>.</typeparam>
public sealed class StoreBuilder<TStore>
    where TStore : class, IStateStore
{
    private readonly string _kind;
    private readonly Func<StoreBuildContext, bool, bool, IStateStore> _create;

    internal StoreBuilder(string name, string kind, Func<StoreBuildContext, bool, bool, IStateStore> create, bool loggingEnabled = true, bool cachingEnabled = false)
    {
        Name = name;
        _kind = kind;
        _create = create;
        LoggingEnabled = loggingEnabled;
        CachingEnabled = cachingEnabled;
    }

    /// <summary>The store name (the supplier's); it names the changelog topic <c>{applicationId}-{name}-changelog</c>.</summary>
    public string Name { get; }

    /// <summary>Whether writes go to a changelog topic the store is restored from. Default <see langword="true"/>, as Kafka Streams.</summary>
    public bool LoggingEnabled { get; }

    /// <summary>
    /// Whether a record cache (sized by <c>StreamsOptions.StateStoreCacheMaxBytes</c>) merges writes between commits.
    /// Default <see langword="false"/>, as Kafka Streams' store builders.
    /// </summary>
    public bool CachingEnabled { get; }

    /// <summary>A copy that writes a changelog.</summary>
    /// <returns>The copy.</returns>
    public StoreBuilder<TStore> WithLoggingEnabled() => new(Name, _kind, _create, true, CachingEnabled) { LoggingConfigs = LoggingConfigs };

    /// <summary>
    /// Topic configs of the store's changelog (<see cref="WithLoggingEnabled(IReadOnlyDictionary{string, string})"/>), overriding
    /// the computed ones when the changelog is created and validated; or null.
    /// </summary>
    public IReadOnlyDictionary<string, string>? LoggingConfigs { get; private init; }

    /// <summary>
    /// A copy that writes a changelog created with the given topic configs, as Kafka Streams'
    /// <c>StoreBuilder.withLoggingEnabled(Map)</c>: they override the computed configs (e.g. <c>cleanup.policy=compact</c>).
    /// </summary>
    /// <param name="configs">Kafka topic configs; copied.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configs"/> is null.</exception>
    public StoreBuilder<TStore> WithLoggingEnabled(IReadOnlyDictionary<string, string> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        return new(Name, _kind, _create, true, CachingEnabled) { LoggingConfigs = new Dictionary<string, string>(configs, StringComparer.Ordinal) };
    }

    /// <summary>A copy without a changelog: the store starts empty after a restart or a move (unless persistent and checkpointed).</summary>
    /// <returns>The copy.</returns>
    public StoreBuilder<TStore> WithLoggingDisabled() => new(Name, _kind, _create, false, CachingEnabled);

    /// <summary>A copy with a record cache in front of the store.</summary>
    /// <returns>The copy.</returns>
    public StoreBuilder<TStore> WithCachingEnabled() => new(Name, _kind, _create, LoggingEnabled, true) { LoggingConfigs = LoggingConfigs };

    /// <summary>A copy without a record cache (the default).</summary>
    /// <returns>The copy.</returns>
    public StoreBuilder<TStore> WithCachingDisabled() => new(Name, _kind, _create, LoggingEnabled, false) { LoggingConfigs = LoggingConfigs };

    internal StoreFactory ToFactory()
    {
        var (logging, caching) = (LoggingEnabled, CachingEnabled);
        return new StoreFactory(Name, _kind, logging, build => _create(build, logging, caching)) { LoggingConfigs = LoggingConfigs };
    }
}
