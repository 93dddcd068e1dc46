using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Internal;

namespace Streams.Errors;

/// <summary>Where a serialization error happened, as Kafka Streams' <c>SerializationExceptionOrigin</c>.</summary>
public enum SerializationExceptionOrigin
{
    /// <summary>Serializing the key.</summary>
    Key,

    /// <summary>Serializing the value.</summary>
    Value,
}
