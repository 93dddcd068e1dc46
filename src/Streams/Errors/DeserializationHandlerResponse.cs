using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Streams.Errors;

/// <summary>What to do with a record whose key or value cannot be deserialized, as Kafka Streams' <c>DeserializationHandlerResponse</c>.</summary>
public enum DeserializationHandlerResponse
{
    /// <summary>Stop processing: the task fails and nothing is committed past the record.</summary>
    Fail,

    /// <summary>Skip the record (it is counted as dropped and logged with topic, partition and offset).</summary>
    Continue,
}
