using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Streams.Queries;

namespace Streams.AspNetCore.Internal;

/// <summary>One store the endpoint serves; the operations its kind does not support answer 404.</summary>
internal abstract class StoreEndpoint
{
    protected StoreEndpoint(string storeName)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeName);
        StoreName = storeName;
    }

    public string StoreName { get; }

    /// <summary>"key-value", "window" or "session", for messages.</summary>
    protected abstract string Kind { get; }

    public abstract IResult Metadata(QueryRequest request, string keyText);

    public virtual Task<IResult> GetAsync(QueryRequest request, string keyText) => Unsupported("point reads (keys/{key})");

    public virtual Task<IResult> RangeAsync(QueryRequest request) => Unsupported("ranges (keys?from=&to=)");

    public virtual Task<IResult> WindowsAsync(QueryRequest request, string keyText) => Unsupported("window fetches (keys/{key}/windows)");

    public virtual Task<IResult> SessionsAsync(QueryRequest request, string keyText) => Unsupported("session fetches (keys/{key}/sessions)");

    public virtual Task<IResult> KeyChangesAsync(QueryRequest request, string keyText) => Unsupported("change streams (keys/{key}/changes)");

    public virtual Task<IResult> RangeChangesAsync(QueryRequest request) => Unsupported("change streams (changes)");

    private Task<IResult> Unsupported(string what) =>
        Task.FromResult(ProblemResults.NotFound($"Store '{StoreName}' is served as a {Kind} store, which does not offer {what}."));
}

/// <summary>A store with keys of <typeparamref name="TKey"/>: key parsing, key metadata and routing to the key's owner.</summary>
internal abstract class StoreEndpoint<TKey>(string storeName, KeyCodec<TKey> keys) : StoreEndpoint(storeName)
{
    protected KeyCodec<TKey> Keys { get; } = keys;

    public override IResult Metadata(QueryRequest request, string keyText)
    {
        if (!Keys.TryParse(keyText, out var key, out var error))
        {
            return ProblemResults.BadRequest(error!);
        }

        try
        {
            var metadata = request.Target.QueryMetadataForKey(StoreName, key, Keys.Serializer);
            var active = metadata.ActiveHost == HostInfo.Unavailable ? null : metadata.ActiveHost.ToString();
            var standbys = metadata.StandbyHosts.Select(h => h.ToString()).Order(StringComparer.Ordinal).ToList();
            return request.Json(new KeyMetadataAnswer(StoreName, Json(request, key), active, standbys, metadata.Partition));
        }
        catch (InvalidStateStoreException e)
        {
            return ProblemResults.Unavailable(e.Message, request.Settings.RetryAfter);
        }
    }

    protected static JsonElement Json<T>(QueryRequest request, T value) => KeyCodec<TKey>.ToJson(value, request.Settings.JsonOptions);

    /// <summary>
    /// Answers a one-key query where the key lives: locally (through <paramref name="local"/>, given the key and its
    /// partition) when this instance runs the key's active task, else forwarded to the owner. A forwarded request is
    /// answered here or refused (503), never forwarded again; so is a key no instance owns (rebalancing).
    /// </summary>
    protected async Task<IResult> RouteAsync(QueryRequest request, string keyText, Func<TKey, int?, IResult> local, Func<HostInfo, Task<IResult>>? remote = null)
    {
        if (!Keys.TryParse(keyText, out var key, out var error))
        {
            return ProblemResults.BadRequest(error!);
        }

        var retryAfter = request.Settings.RetryAfter;
        try
        {
            var metadata = request.Target.QueryMetadataForKey(StoreName, key, Keys.Serializer);
            var partition = metadata.Partition >= 0 ? metadata.Partition : (int?)null;
            if (request.IsLocal(metadata.ActiveHost))
            {
                return local(key, partition);
            }

            if (metadata.ActiveHost == HostInfo.Unavailable)
            {
                return ProblemResults.Unavailable($"No instance hosts the partition of key '{RequestTarget.Echo(keyText)}' of store '{StoreName}' now (rebalancing?).", retryAfter);
            }

            if (request.IsForwarded)
            {
                return ProblemResults.Unavailable(
                    $"Key '{RequestTarget.Echo(keyText)}' of store '{StoreName}' was forwarded to {request.LocalHost}, which does not host it; its owner is {metadata.ActiveHost} (ownership is moving).",
                    retryAfter);
            }

            return remote is null
                ? await request.Forwarder.ForwardAsync(request, metadata.ActiveHost).ConfigureAwait(false)
                : await remote(metadata.ActiveHost).ConfigureAwait(false);
        }
        catch (InvalidStateStoreException e)
        {
            return ProblemResults.Unavailable(e.Message, retryAfter);
        }
    }

    /// <summary>Reads a <c>from</c> / <c>to</c> key bound; null when absent.</summary>
    protected bool TryParseBound(QueryRequest request, string name, out TKey? bound, out string? error)
    {
        bound = default;
        error = null;
        var text = request.Query(name);
        if (text is null)
        {
            return true;
        }

        if (!Keys.TryParse(text, out var key, out error))
        {
            return false;
        }

        bound = key;
        return true;
    }
}
