namespace Streams.AspNetCore;

/// <summary>The HTTP headers the query endpoint reads and writes.</summary>
public static class StreamsQueryHeaders
{
    /// <summary>
    /// <c>X-Streams-Forwarded</c>: set (to the forwarding instance's <c>host:port</c>) on every request one instance
    /// forwards to another. A request carrying it is answered locally or refused with 503, never forwarded again, so
    /// instances that disagree about ownership during a rebalance cannot bounce a request between them.
    /// </summary>
    public const string Forwarded = "X-Streams-Forwarded";

    /// <summary>
    /// <c>X-Streams-Served-By</c>: on answers read from a local store, the <c>host:port</c> of the instance that
    /// read it (kept when the answer is relayed by the instance the client asked); absent when the instance
    /// advertises no <see cref="StreamsOptions.ApplicationServer"/>.
    /// </summary>
    public const string ServedBy = "X-Streams-Served-By";
}
