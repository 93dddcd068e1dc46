using Microsoft.AspNetCore.Http;
using Streams.Queries;
using Streams.State;

namespace Streams.AspNetCore.Internal;

/// <summary>A session store: one key's sessions, routed to the key's owner.</summary>
internal sealed class SessionStoreEndpoint<TKey, TValue>(string storeName, KeyCodec<TKey> keys) : StoreEndpoint<TKey>(storeName, keys)
{
    protected override string Kind => "session";

    /// <summary>
    /// <c>keys/{key}/sessions</c>: every unexpired session of the key (Kafka Streams' <c>fetch(key)</c>); with
    /// <c>from</c> and/or <c>to</c> (epoch ms or ISO-8601), the sessions ending at or after <c>from</c> and starting at or
    /// before <c>to</c> (<c>findSessions(key, earliestSessionEnd, latestSessionStart)</c>).
    /// </summary>
    public override Task<IResult> SessionsAsync(QueryRequest request, string keyText)
    {
        if (!TimeParameter.TryParse(request.Query("from"), 0, out var from, out var error) || !TimeParameter.TryParse(request.Query("to"), long.MaxValue, out var to, out error))
        {
            return Task.FromResult(ProblemResults.BadRequest(error!));
        }

        var bounded = request.Query("from") is not null || request.Query("to") is not null;
        return RouteAsync(request, keyText, (key, partition) =>
        {
            var parameters = StoreQueryParameters<IReadOnlySessionStore<TKey, TValue>>.FromNameAndType(StoreName, QueryableStoreTypes.SessionStore<TKey, TValue>());
            var store = request.Target.Store(partition is { } p ? parameters.WithPartition(p) : parameters);
            var sessions = new List<SessionEntry>();
            using (var iterator = bounded ? store.FindSessions(key, from, to) : store.Fetch(key))
            {
                while (iterator.MoveNext())
                {
                    var (windowed, value) = iterator.Current;
                    sessions.Add(new SessionEntry(windowed.Window.StartMs, windowed.Window.EndMs, Json(request, value)));
                }
            }

            request.MarkServedLocally();
            return request.Json(sessions);
        });
    }
}
