using System.Net.ServerSentEvents;
using System.Text.Json;
using Streams.Queries;

namespace Streams.AspNetCore.Internal;

/// <summary>Another instance's change stream for the same path (its local part when <c>localScope</c>), re-posted change by change.</summary>
internal sealed class RemoteChangeSource(QueryRequest request, HostInfo host, bool localScope) : IChangeSource
{
    public async Task<IAsyncDisposable> StartAsync(ChangeFeed feed, CancellationToken cancellationToken)
    {
        var response = await request.Forwarder.OpenStreamAsync(request, host, localScope, cancellationToken).ConfigureAwait(false);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = PumpAsync(response, feed, request.Settings.JsonOptions, stop.Token);
        return new Subscription(response, stop, pump);
    }

    private async Task PumpAsync(HttpResponseMessage response, ChangeFeed feed, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var _ = body.ConfigureAwait(false);
            var parser = SseParser.Create(body, (type, data) => (Type: type, Data: data.ToArray()));
            await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                if (item.EventType == ChangeStreamResult.ChangeEventType)
                {
                    var change = JsonSerializer.Deserialize<ChangeEvent>(item.Data.Data, json);
                    if (change is not null)
                    {
                        feed.Post(change);
                    }
                }
                else
                {
                    // overflow or error upstream: this stream cannot be complete any more.
                    feed.End(item.EventType, $"{host}: {ReadDetail(item.Data.Data)}");
                    return;
                }
            }

            feed.End();
        }
#pragma warning disable CA1031 // unsubscribing aborts the read in whatever way the handler reports it
        catch (Exception) when (cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException)
        {
            feed.End("error", $"The change stream of {host} broke: {e.Message}");
        }
    }

    private static string ReadDetail(byte[] data)
    {
        try
        {
            using var doc = JsonDocument.Parse(data);
            return doc.RootElement.TryGetProperty("detail", out var d) ? d.ToString() : doc.RootElement.ToString();
        }
        catch (JsonException)
        {
            return System.Text.Encoding.UTF8.GetString(data);
        }
    }

    private sealed class Subscription(HttpResponseMessage response, CancellationTokenSource stop, Task pump) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
            response.Dispose();
            stop.Dispose();
        }
    }
}
