using System.Text.Json;

namespace Streams.AspNetCore.Internal;

/// <summary>The endpoint settings, frozen when the endpoint is mapped (JSON is never indented: an event's data is one line).</summary>
internal sealed record QuerySettings(JsonSerializerOptions JsonOptions, string ForwardingScheme, TimeSpan ForwardingTimeout, TimeSpan RetryAfter, int MaxPendingChanges, IReadOnlyList<string> ForwardedRequestHeaders)
{
    public static QuerySettings From(StreamsQueryEndpointBuilder builder) =>
        new(new JsonSerializerOptions(builder.JsonOptions) { WriteIndented = false }, builder.ForwardingScheme, builder.ForwardingTimeout, builder.RetryAfter, builder.MaxPendingChanges,
            [.. builder.ForwardedRequestHeaders]);
}
