namespace Streams.State.Internal;

/// <summary>
/// The one composer of store layers, as Kafka Streams' store builders (<c>KeyValueStoreBuilder#build</c>,
/// <c>TimestampedWindowStoreBuilder#build</c>, <c>SessionStoreBuilder#build</c>, <c>VersionedKeyValueStoreBuilder#build</c>):
/// metered (typed) -> caching -> change-logging -> bytes store. Every store the DSL and the Processor API build is
/// put together here, so the order of the layers is decided once.
/// </summary>
internal static class StoreLayers
{
    /// <summary>
    /// A key-value store: <paramref name="bytes"/>, wrapped in a change-logging layer when <paramref name="logging"/>, then
    /// in a caching layer over <paramref name="cache"/> when it is not null, then in <paramref name="meter"/>'s typed store.
    /// </summary>
    public static TStore KeyValue<TStore>(IKeyValueBytesStore bytes, bool logging, RecordCache? cache, Func<IKeyValueBytesStore, TStore> meter)
    {
        if (logging)
        {
            bytes = new ChangeLoggingKeyValueBytesStore(bytes);
        }

        if (cache is not null)
        {
            bytes = new CachingKeyValueBytesStore(bytes, cache);
        }

        return meter(bytes);
    }

    /// <summary>
    /// A window store, layered as <see cref="KeyValue{TStore}"/>; <paramref name="retainDuplicates"/> (stream-stream join
    /// stores) makes the change-logging layer keep every duplicate's sequence number.
    /// </summary>
    public static TStore Window<TStore>(IWindowBytesStore bytes, bool logging, RecordCache? cache, Func<IWindowBytesStore, TStore> meter, bool retainDuplicates = false)
    {
        if (logging)
        {
            bytes = new ChangeLoggingWindowBytesStore(bytes, retainDuplicates);
        }

        if (cache is not null)
        {
            bytes = new CachingWindowBytesStore(bytes, cache);
        }

        return meter(bytes);
    }

    /// <summary>A session store, layered as <see cref="KeyValue{TStore}"/>.</summary>
    public static TStore Session<TStore>(ISessionBytesStore bytes, bool logging, RecordCache? cache, Func<ISessionBytesStore, TStore> meter)
    {
        if (logging)
        {
            bytes = new ChangeLoggingSessionBytesStore(bytes);
        }

        if (cache is not null)
        {
            bytes = new CachingSessionBytesStore(bytes, cache);
        }

        return meter(bytes);
    }

    /// <summary>A versioned store: never cached (Kafka Streams ignores caching for versioned stores).</summary>
    public static TStore Versioned<TStore>(IVersionedBytesStore bytes, bool logging, Func<IVersionedBytesStore, TStore> meter) =>
        meter(logging ? new ChangeLoggingVersionedBytesStore(bytes) : bytes);
}
