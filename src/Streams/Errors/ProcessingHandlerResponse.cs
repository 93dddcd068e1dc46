using Microsoft.Extensions.Logging;

namespace Streams.Errors;

/// <summary>What to do after a processor threw while processing a record or punctuating, as Kafka Streams' <c>ProcessingHandlerResponse</c>.</summary>
public enum ProcessingHandlerResponse
{
    /// <summary>Stop: the stream thread fails and no offset at or after the record is committed.</summary>
    Fail,

    /// <summary>Drop the record at the failing processor (counted as dropped, logged with topic, partition and offset) and go on.</summary>
    Continue,
}
