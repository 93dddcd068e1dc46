using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Streams.Queries;
using Streams.State;

namespace Streams.AspNetCore.Internal;

/// <summary>A key-value store: point reads routed to the key's owner, ranges fanned out to every instance, change streams.</summary>
internal sealed class KeyValueStoreEndpoint<TKey, TValue>(string storeName, KeyCodec<TKey> keys) : StoreEndpoint<TKey>(storeName, keys)
{
    protected override string Kind => "key-value";

    public override Task<IResult> GetAsync(QueryRequest request, string keyText) =>
        RouteAsync(request, keyText, (key, partition) =>
        {
            var store = request.Target.Store(Parameters(partition));
            if (!store.TryGet(key, out var value))
            {
                return ProblemResults.NotFound($"Key '{RequestTarget.Echo(keyText)}' is not in store '{StoreName}'.");
            }

            request.MarkServedLocally();
            return request.Json(new KeyValueAnswer(StoreName, Json(request, key), Json(request, value)));
        });

    /// <summary>
    /// <c>keys?from=&amp;to=</c>: the entries with keys in <c>[from, to]</c> (by serialized key bytes; a missing bound is
    /// open): this instance's part with <c>scope=local</c> (or when forwarded), else every hosting instance's part,
    /// concatenated in <c>host:port</c> order (each part in key order); 503 when any part cannot be read.
    /// </summary>
    public override async Task<IResult> RangeAsync(QueryRequest request)
    {
        if (!TryParseBound(request, "from", out var from, out var error) || !TryParseBound(request, "to", out var to, out error))
        {
            return ProblemResults.BadRequest(error!);
        }

        var hasFrom = request.Query("from") is not null;
        var hasTo = request.Query("to") is not null;
        var retryAfter = request.Settings.RetryAfter;
        try
        {
            if (request.IsLocalScope || request.IsForwarded || request.LocalHost is null)
            {
                var entries = LocalRange(request, hasFrom ? from : default, hasFrom, hasTo ? to : default, hasTo);
                request.MarkServedLocally();
                return request.Json(entries);
            }

            var hosts = request.Target.StreamsMetadataForStore(StoreName)
                .Where(m => m.StateStoreNames.Contains(StoreName))
                .Select(m => m.HostInfo)
                .Distinct()
                .OrderBy(h => h.ToString(), StringComparer.Ordinal)
                .ToList();
            if (hosts.Count == 0)
            {
                return ProblemResults.Unavailable($"No instance hosts store '{StoreName}' now (rebalancing?).", retryAfter);
            }

            var parts = await Task.WhenAll(hosts.Select(host => request.IsLocal(host)
                ? Task.FromResult(((List<JsonElement>?)LocalRange(request, from, hasFrom, to, hasTo), (IResult?)null))
                : request.Forwarder.FetchLocalPartAsync(request, host))).ConfigureAwait(false);
            if (parts.FirstOrDefault(p => p.Item2 is not null).Item2 is { } failure)
            {
                return failure;
            }

            return request.Json(parts.SelectMany(p => p.Item1!).ToList());
        }
        catch (InvalidStateStoreException e)
        {
            return ProblemResults.Unavailable(e.Message, retryAfter);
        }
    }

    public override Task<IResult> KeyChangesAsync(QueryRequest request, string keyText) =>
        RouteAsync(
            request,
            keyText,
            (key, _) =>
            {
                var keyBytes = Keys.Serialize(key);
                return new ChangeStreamResult(request, [LocalSource(request, bytes => bytes.AsSpan().SequenceEqual(keyBytes))]);
            },
            owner => Task.FromResult<IResult>(new ChangeStreamResult(request, [new RemoteChangeSource(request, owner, localScope: false)])));

    /// <summary>
    /// <c>changes?from=&amp;to=</c>: the changes of keys in <c>[from, to]</c> (serialized key order, open when missing):
    /// this instance's with <c>scope=local</c> (or when forwarded), else merged from every instance's local stream.
    /// </summary>
    public override Task<IResult> RangeChangesAsync(QueryRequest request)
    {
        if (!TryParseBound(request, "from", out var from, out var error) || !TryParseBound(request, "to", out var to, out error))
        {
            return Task.FromResult(ProblemResults.BadRequest(error!));
        }

        var fromBytes = request.Query("from") is null ? null : Keys.Serialize(from!);
        var toBytes = request.Query("to") is null ? null : Keys.Serialize(to!);
        var sources = new List<IChangeSource> { LocalSource(request, bytes => KeyCodec<TKey>.InRange(bytes, fromBytes, toBytes)) };
        if (!(request.IsLocalScope || request.IsForwarded || request.LocalHost is null))
        {
            sources.AddRange(request.Target.MetadataForAllStreamsClients()
                .Select(m => m.HostInfo)
                .Where(h => !request.IsLocal(h) && h != HostInfo.Unavailable)
                .Distinct()
                .OrderBy(h => h.ToString(), StringComparer.Ordinal)
                .Select(h => new RemoteChangeSource(request, h, localScope: true)));
        }

        return Task.FromResult<IResult>(new ChangeStreamResult(request, sources));
    }

    private LocalChangeSource<TKey, TValue> LocalSource(QueryRequest request, Func<byte[], bool> filter) =>
        new(request.Target, StoreName, Keys, filter, request.Settings.JsonOptions);

    private StoreQueryParameters<IReadOnlyKeyValueStore<TKey, TValue>> Parameters(int? partition)
    {
        var parameters = StoreQueryParameters<IReadOnlyKeyValueStore<TKey, TValue>>.FromNameAndType(StoreName, QueryableStoreTypes.KeyValueStore<TKey, TValue>());
        return partition is { } p ? parameters.WithPartition(p) : parameters;
    }

    private List<JsonElement> LocalRange(QueryRequest request, TKey? from, bool hasFrom, TKey? to, bool hasTo)
    {
        var store = request.Target.Store(Parameters(null));
        var fromBytes = hasFrom ? Keys.Serialize(from!) : null;
        var toBytes = hasTo ? Keys.Serialize(to!) : null;

        // With both bounds the store's range does the work; with an open bound, All() filtered by key bytes, so open
        // bounds also work for value-type keys (which have no null to pass).
        using var iterator = hasFrom && hasTo ? store.Range(from, to) : store.All();
        var entries = new List<JsonElement>();
        while (iterator.MoveNext())
        {
            var (key, value) = iterator.Current;
            if (hasFrom && hasTo || KeyCodec<TKey>.InRange(Keys.Serialize(key), fromBytes, toBytes))
            {
                entries.Add(Json(request, new RangeEntry(Json(request, key), Json(request, value))));
            }
        }

        return entries;
    }
}
