namespace Streams.State;

/// <content>
/// <see cref="TimeSpan"/> overloads of the window and session store choices, for callers outside the DSL (the DSL
/// itself calls the millisecond members, which implementations provide). Default interface methods, so
/// implementations written against the millisecond members keep compiling.
/// </content>
public partial interface IDslStoreSuppliers
{
    /// <summary>
    /// A supplier for a window store, as Kafka Streams' <c>DslStoreSuppliers#windowStore(DslWindowParams)</c> with
    /// <c>Duration</c> retention and size; the same supplier as <see cref="WindowStore(string, long, long)"/> with both
    /// converted to whole milliseconds.
    /// </summary>
    /// <param name="name">The store name.</param>
    /// <param name="retentionPeriod">How long windows are kept, from their start; at least <paramref name="windowSize"/>.</param>
    /// <param name="windowSize">The window size.</param>
    /// <returns>The supplier.</returns>
    IWindowBytesStoreSupplier WindowStore(string name, TimeSpan retentionPeriod, TimeSpan windowSize) =>
        WindowStore(name, (long)retentionPeriod.TotalMilliseconds, (long)windowSize.TotalMilliseconds);

    /// <summary>
    /// A supplier for a window store that may retain duplicates, as Kafka Streams'
    /// <c>DslStoreSuppliers#windowStore(DslWindowParams)</c>; the same supplier as
    /// <see cref="WindowStore(string, long, long, bool)"/> with retention and size converted to whole milliseconds.
    /// </summary>
    /// <param name="name">The store name.</param>
    /// <param name="retentionPeriod">How long windows are kept, from their start; at least <paramref name="windowSize"/>.</param>
    /// <param name="windowSize">The window size; may be zero with duplicates.</param>
    /// <param name="retainDuplicates">Whether every put is kept, several per key and window start.</param>
    /// <returns>The supplier.</returns>
    IWindowBytesStoreSupplier WindowStore(string name, TimeSpan retentionPeriod, TimeSpan windowSize, bool retainDuplicates) =>
        WindowStore(name, (long)retentionPeriod.TotalMilliseconds, (long)windowSize.TotalMilliseconds, retainDuplicates);

    /// <summary>
    /// A supplier for a session store, as Kafka Streams' <c>DslStoreSuppliers#sessionStore(DslSessionParams)</c> with a
    /// <c>Duration</c> retention; the same supplier as <see cref="SessionStore(string, long)"/> with the retention
    /// converted to whole milliseconds.
    /// </summary>
    /// <param name="name">The store name.</param>
    /// <param name="retentionPeriod">How long a session is kept, counted from its end; not negative.</param>
    /// <returns>The supplier.</returns>
    ISessionBytesStoreSupplier SessionStore(string name, TimeSpan retentionPeriod) =>
        SessionStore(name, (long)retentionPeriod.TotalMilliseconds);
}
