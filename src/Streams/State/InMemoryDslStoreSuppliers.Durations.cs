namespace Streams.State;

/// <content>The <see cref="TimeSpan"/> overloads, on the class so that calls through <see cref="Instance"/> find them.</content>
public sealed partial class InMemoryDslStoreSuppliers
{
    /// <inheritdoc cref="IDslStoreSuppliers.WindowStore(string, TimeSpan, TimeSpan)" />
    public IWindowBytesStoreSupplier WindowStore(string name, TimeSpan retentionPeriod, TimeSpan windowSize) =>
        WindowStore(name, (long)retentionPeriod.TotalMilliseconds, (long)windowSize.TotalMilliseconds);

    /// <inheritdoc cref="IDslStoreSuppliers.WindowStore(string, TimeSpan, TimeSpan, bool)" />
    public IWindowBytesStoreSupplier WindowStore(string name, TimeSpan retentionPeriod, TimeSpan windowSize, bool retainDuplicates) =>
        WindowStore(name, (long)retentionPeriod.TotalMilliseconds, (long)windowSize.TotalMilliseconds, retainDuplicates);

    /// <inheritdoc cref="IDslStoreSuppliers.SessionStore(string, TimeSpan)" />
    public ISessionBytesStoreSupplier SessionStore(string name, TimeSpan retentionPeriod) =>
        SessionStore(name, (long)retentionPeriod.TotalMilliseconds);
}
