using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streams.Queries;

namespace Streams.AspNetCore.Internal;

/// <summary>
/// Answers a change subscription as server-sent events (<c>text/event-stream</c>). Every source is subscribed
/// before the response headers are sent, so a client holding the headers sees every later change. Each change is
/// one <c>change</c> event with a fresh id (1, 2, … per response) and the change as JSON data, in the order the
/// sources delivered them. The stream ends when the client leaves, the host stops, a source ends (the application
/// stopped, or another instance's stream ended), or a
/// source breaks or overflows (a final <c>error</c> or <c>overflow</c> event). A source that cannot be subscribed
/// answers 503 instead.
/// </summary>
internal sealed class ChangeStreamResult(QueryRequest request, IReadOnlyList<IChangeSource> sources) : IResult
{
    public const string ChangeEventType = "change";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        // The stream ends when the client leaves or the host stops (so shutdown is not held up by open streams).
        var stopping = httpContext.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
        var aborted = stop.Token;
        var feed = new ChangeFeed(request.Settings.MaxPendingChanges);
        var subscriptions = new List<IAsyncDisposable>(sources.Count);
        try
        {
            try
            {
                foreach (var source in sources)
                {
                    subscriptions.Add(await source.StartAsync(feed, stop.Token).ConfigureAwait(false));
                }
            }
            catch (Exception e) when (e is InvalidStateStoreException or SourceUnavailableException)
            {
                await ProblemResults.Unavailable(e.Message, request.Settings.RetryAfter).ExecuteAsync(httpContext).ConfigureAwait(false);
                return;
            }

            await WriteEventsAsync(httpContext, feed, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // the client left or the host is stopping
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var subscription in subscriptions)
            {
                await subscription.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task WriteEventsAsync(HttpContext httpContext, ChangeFeed feed, CancellationToken cancellationToken)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        request.MarkServedLocally();
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);

        var json = request.Settings.JsonOptions;
        var frame = new StringBuilder();
        long id = 0;
        while (await feed.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (feed.Reader.TryRead(out var change))
            {
                AppendEvent(frame, ChangeEventType, ++id, JsonSerializer.Serialize(change, json));
            }

            await WriteAsync(response, frame, cancellationToken).ConfigureAwait(false);
        }

        if (feed.EndEvent is { } endEvent)
        {
            AppendEvent(frame, endEvent, null, JsonSerializer.Serialize(new { detail = feed.EndDetail }, json));
            await WriteAsync(response, frame, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void AppendEvent(StringBuilder frame, string type, long? id, string data)
    {
        // System.Text.Json writes no raw line breaks (they are escaped inside strings), so the data is one line.
        if (id is { } n)
        {
            frame.Append("id: ").Append(n.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }

        frame.Append("event: ").Append(type).Append('\n').Append("data: ").Append(data).Append("\n\n");
    }

    private static async Task WriteAsync(HttpResponse response, StringBuilder frame, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(frame.ToString());
        frame.Clear();
        await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
