using Streams.Queries;

namespace Streams;

// Accessors for query endpoints (Streams.AspNetCore): the topology to describe and the advertised endpoint.
public sealed partial class StreamsApplication
{
    /// <summary>The topology this application runs (for <see cref="Topology.Describe"/>, e.g. served by a query endpoint).</summary>
    public Topology Topology => _topology;

    /// <summary>
    /// The endpoint this instance advertises for interactive queries, parsed from
    /// <see cref="StreamsOptions.ApplicationServer"/>; null when none is set. A query endpoint compares it with
    /// <see cref="KeyQueryMetadata.ActiveHost"/> to decide whether to answer locally or forward.
    /// </summary>
    public HostInfo? ApplicationServer => _options.ApplicationServer is { } server ? HostInfo.Parse(server) : null;
}
