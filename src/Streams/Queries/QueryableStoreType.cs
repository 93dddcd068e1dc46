using Streams.Queries.Internal;
using Streams.State;

namespace Streams.Queries;

/// <summary>A store type a query expects; create with <see cref="QueryableStoreTypes"/>.</summary>
/// <typeparam name="TStore">The read-only view the query returns.</typeparam>
public sealed class QueryableStoreType<TStore>
{
    private readonly Func<IStateStore, object> _adapt;
    private readonly Func<StoreViewProvider, TStore> _create;

    internal QueryableStoreType(QueryableStoreKind kind, Func<IStateStore, object> adapt, Func<StoreViewProvider, TStore> create)
    {
        Kind = kind;
        _adapt = adapt;
        _create = create;
    }

    /// <summary>The kind of store.</summary>
    public QueryableStoreKind Kind { get; }

    /// <summary>Throws the wrong-kind <see cref="InvalidStateStoreException"/> unless <paramref name="store"/> can answer this type.</summary>
    internal void Check(IStateStore store) => _adapt(store);

    /// <summary>The composite view reading through <paramref name="provider"/>.</summary>
    internal TStore Create(StoreViewProvider provider) => _create(provider);
}
