using Microsoft.AspNetCore.Http;
using Streams.Queries;
using Streams.State;

namespace Streams.AspNetCore.Internal;

/// <summary>A window store: one key's windows, routed to the key's owner.</summary>
internal sealed class WindowStoreEndpoint<TKey, TValue>(string storeName, KeyCodec<TKey> keys, long? windowSizeMs) : StoreEndpoint<TKey>(storeName, keys)
{
    protected override string Kind => "window";

    /// <summary>
    /// <c>keys/{key}/windows?from=&amp;to=</c>: the key's windows whose start lies in <c>[from, to]</c> (epoch ms or
    /// ISO-8601; defaults 0 and the end of time), by start, as Kafka Streams' <c>fetch(key, timeFrom, timeTo)</c>.
    /// </summary>
    public override Task<IResult> WindowsAsync(QueryRequest request, string keyText)
    {
        if (!TimeParameter.TryParse(request.Query("from"), 0, out var from, out var error) || !TimeParameter.TryParse(request.Query("to"), long.MaxValue, out var to, out error))
        {
            return Task.FromResult(ProblemResults.BadRequest(error!));
        }

        return RouteAsync(request, keyText, (key, partition) =>
        {
            var parameters = StoreQueryParameters<IReadOnlyWindowStore<TKey, TValue>>.FromNameAndType(StoreName, QueryableStoreTypes.WindowStore<TKey, TValue>());
            var store = request.Target.Store(partition is { } p ? parameters.WithPartition(p) : parameters);
            var windows = new List<WindowEntry>();
            using (var iterator = store.Fetch(key, from, to))
            {
                while (iterator.MoveNext())
                {
                    var (start, value) = iterator.Current;
                    windows.Add(new WindowEntry(start, start + windowSizeMs, Json(request, value)));
                }
            }

            request.MarkServedLocally();
            return request.Json(windows);
        });
    }
}
