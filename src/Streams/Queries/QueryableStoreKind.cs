using Streams.Queries.Internal;
using Streams.State;

namespace Streams.Queries;

/// <summary>The kinds of queryable store (see <see cref="QueryableStoreTypes"/>).</summary>
public enum QueryableStoreKind
{
    /// <summary>Key-value, values only.</summary>
    KeyValue,

    /// <summary>Key-value with timestamps.</summary>
    TimestampedKeyValue,

    /// <summary>Window, values only.</summary>
    Window,

    /// <summary>Window with timestamps.</summary>
    TimestampedWindow,

    /// <summary>Session.</summary>
    Session,
}
