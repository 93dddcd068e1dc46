using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Streams.Queries;

namespace Streams.AspNetCore.Internal;

/// <summary>
/// Sends a query on to the instance that can answer it (the same path and query string at that instance's
/// <see cref="StreamsOptions.ApplicationServer"/>), marked with <see cref="StreamsQueryHeaders.Forwarded"/>.
/// </summary>
internal sealed partial class QueryForwarder(IHttpClientFactory clients, ILogger<QueryForwarder> logger)
{
    /// <summary>The name of the <see cref="HttpClient"/> the endpoint uses (configure it with <c>AddHttpClient(Name)</c>).</summary>
    public const string ClientName = "Streams.AspNetCore";

    /// <summary>Relays the owner's whole answer (status, body, Retry-After, served-by); 503 when it cannot be reached in time.</summary>
    public async Task<IResult> ForwardAsync(QueryRequest request, HostInfo owner)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(request.Http.RequestAborted);
        timeout.CancelAfter(request.Settings.ForwardingTimeout);
        var uri = TargetUri(request, owner, localScope: false);
        try
        {
            using var message = NewRequest(request, uri);
            using var response = await clients.CreateClient(ClientName).SendAsync(message, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return new RelayedResult((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body, response);
        }
        catch (Exception e) when (IsUnreachable(e, request))
        {
            LogUnreachable(logger, uri, e.Message);
            return ProblemResults.Unavailable($"The instance {owner} that hosts the key could not be reached: {Reason(e)}", request.Settings.RetryAfter);
        }
    }

    /// <summary>Reads another instance's local part of a range (<c>?scope=local</c>): its entries, or the failure to answer with.</summary>
    public async Task<(List<JsonElement>? Entries, IResult? Failure)> FetchLocalPartAsync(QueryRequest request, HostInfo host)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(request.Http.RequestAborted);
        timeout.CancelAfter(request.Settings.ForwardingTimeout);
        var uri = TargetUri(request, host, localScope: true);
        try
        {
            using var message = NewRequest(request, uri);
            using var response = await clients.CreateClient(ClientName).SendAsync(message, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var detail = await ProblemDetailAsync(response, timeout.Token).ConfigureAwait(false);
                return (null, ProblemResults.Unavailable($"The instance {host} could not answer its part of the range ({(int)response.StatusCode}): {detail}", request.Settings.RetryAfter));
            }

            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using var _ = stream.ConfigureAwait(false);
            var entries = await JsonSerializer.DeserializeAsync<List<JsonElement>>(stream, request.Settings.JsonOptions, timeout.Token).ConfigureAwait(false);
            return (entries ?? [], null);
        }
        catch (Exception e) when (IsUnreachable(e, request) || e is JsonException)
        {
            LogUnreachable(logger, uri, e.Message);
            return (null, ProblemResults.Unavailable($"The instance {host} could not be reached for its part of the range: {Reason(e)}", request.Settings.RetryAfter));
        }
    }

    /// <summary>Opens another instance's change stream; the response is at its headers, its body streams.</summary>
    /// <exception cref="SourceUnavailableException">The instance cannot be reached or does not answer 200.</exception>
    public async Task<HttpResponseMessage> OpenStreamAsync(QueryRequest request, HostInfo host, bool localScope, CancellationToken cancellationToken)
    {
        var uri = TargetUri(request, host, localScope);
        HttpResponseMessage? response = null;
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connect.CancelAfter(request.Settings.ForwardingTimeout);
            using var message = NewRequest(request, uri);
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            response = await clients.CreateClient(ClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, connect.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var detail = await ProblemDetailAsync(response, connect.Token).ConfigureAwait(false);
                throw new SourceUnavailableException($"The instance {host} refused the change stream ({(int)response.StatusCode}): {detail}");
            }

            var result = response;
            response = null;
            return result;
        }
        catch (Exception e) when (IsUnreachable(e, request) && !cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(logger, uri, e.Message);
            throw new SourceUnavailableException($"The instance {host} could not be reached for its change stream: {Reason(e)}", e);
        }
        finally
        {
            response?.Dispose();
        }
    }

    private static Uri TargetUri(QueryRequest request, HostInfo host, bool localScope)
    {
        var http = request.Http.Request;
        var query = localScope && !request.IsLocalScope ? http.QueryString.Add("scope", "local") : http.QueryString;
        return new Uri($"{request.Settings.ForwardingScheme}://{host}{http.PathBase.ToUriComponent()}{http.Path.ToUriComponent()}{query.ToUriComponent()}");
    }

    private static HttpRequestMessage NewRequest(QueryRequest request, Uri uri)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, uri);
        message.Headers.TryAddWithoutValidation(StreamsQueryHeaders.Forwarded, request.LocalHost?.ToString() ?? "unknown");
        foreach (var name in request.Settings.ForwardedRequestHeaders)
        {
            if (request.Http.Request.Headers.TryGetValue(name, out var values))
            {
                message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        return message;
    }

    private static bool IsUnreachable(Exception e, QueryRequest request) =>
        e is HttpRequestException || (e is OperationCanceledException && !request.Http.RequestAborted.IsCancellationRequested);

    private static string Reason(Exception e) => e is OperationCanceledException ? "timed out" : e.Message;

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : body;
        }
        catch (JsonException)
        {
            return response.ReasonPhrase ?? "no detail";
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Forwarding a store query to {Uri} failed: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, Uri uri, string reason);

    /// <summary>Writes the owner's answer as it came.</summary>
    private sealed class RelayedResult : IResult
    {
        private readonly int _status;
        private readonly string? _contentType;
        private readonly byte[] _body;
        private readonly string? _retryAfter;
        private readonly string? _servedBy;

        public RelayedResult(int status, string? contentType, byte[] body, HttpResponseMessage response)
        {
            _status = status;
            _contentType = contentType;
            _body = body;
            _retryAfter = response.Headers.RetryAfter?.ToString();
            _servedBy = response.Headers.TryGetValues(StreamsQueryHeaders.ServedBy, out var v) ? v.FirstOrDefault() : null;
        }

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = _status;
            response.ContentType = _contentType;
            if (_retryAfter is not null)
            {
                response.Headers.RetryAfter = _retryAfter;
            }

            if (_servedBy is not null)
            {
                response.Headers[StreamsQueryHeaders.ServedBy] = _servedBy;
            }

            response.ContentLength = _body.Length;
            await response.Body.WriteAsync(_body, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}

/// <summary>A change stream could not be opened at another instance (or a local store refused it).</summary>
internal sealed class SourceUnavailableException : Exception
{
    public SourceUnavailableException() { }

    public SourceUnavailableException(string message) : base(message) { }

    public SourceUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
