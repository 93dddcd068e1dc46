namespace Streams.Dsl;

/// <content>Changelog topic configs.</content>
public sealed partial record Materialized<TKey, TValue>
{
    /// <summary>
    /// Topic configs of the store's changelog, as given to <see cref="WithLoggingEnabled(IReadOnlyDictionary{string, string})"/>
    /// (Kafka Streams' <c>Materialized.withLoggingEnabled(Map)</c>), or null. They are applied when the changelog is
    /// created and override the computed ones (e.g. <c>retention.ms</c> of a window changelog, <c>min.compaction.lag.ms</c>
    /// of a versioned one); an existing changelog is validated against the result.
    /// </summary>
    public IReadOnlyDictionary<string, string>? LoggingConfigs { get; init; }

    /// <summary>
    /// A copy with a changelog created with the given topic configs, as Kafka Streams' <c>Materialized.withLoggingEnabled(Map)</c>:
    /// they override the configs Streams computes for the changelog (<c>cleanup.policy</c>, <c>retention.ms</c>...).
    /// </summary>
    /// <param name="configs">Kafka topic configs, e.g. <c>["min.insync.replicas"] = "2"</c>; copied.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configs"/> is null.</exception>
    public Materialized<TKey, TValue> WithLoggingEnabled(IReadOnlyDictionary<string, string> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        return this with { LoggingEnabled = true, LoggingConfigs = new Dictionary<string, string>(configs, StringComparer.Ordinal) };
    }
}
