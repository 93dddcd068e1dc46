using Streams.State;

namespace Streams.RocksDb;

/// <content>The persistent session store of the DSL.</content>
public sealed partial class RocksDbDslStoreSuppliers
{
    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retentionPeriodMs"/> is negative.</exception>
    public ISessionBytesStoreSupplier SessionStore(string name, long retentionPeriodMs) =>
        RocksDbStores.SessionStore(name, retentionPeriodMs, Options, nameof(retentionPeriodMs));
}
