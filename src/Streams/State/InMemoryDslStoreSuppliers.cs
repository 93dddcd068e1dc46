using Streams.State.Internal;

namespace Streams.State;

/// <content>The in-memory session store of the DSL.</content>
public sealed partial class InMemoryDslStoreSuppliers
{
    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retentionPeriodMs"/> is negative.</exception>
    public ISessionBytesStoreSupplier SessionStore(string name, long retentionPeriodMs)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(retentionPeriodMs);
        return new InMemorySessionBytesStoreSupplier(name, retentionPeriodMs);
    }
}

/// <summary>
/// The DSL's store choice when everything is kept in memory, as Kafka Streams'
/// <c>BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers</c>. The default of <see cref="IDslStoreSuppliers"/>.
/// </summary>
public sealed partial class InMemoryDslStoreSuppliers : IDslStoreSuppliers
{
    /// <summary>The shared instance.</summary>
    public static InMemoryDslStoreSuppliers Instance { get; } = new();

    /// <inheritdoc />
    public IKeyValueBytesStoreSupplier KeyValueStore(string name) => new InMemoryKeyValueBytesStoreSupplier(name);

    /// <inheritdoc />
    public IWindowBytesStoreSupplier WindowStore(string name, long retentionPeriodMs, long windowSizeMs) =>
        new InMemoryWindowBytesStoreSupplier(name, retentionPeriodMs, windowSizeMs);
}
