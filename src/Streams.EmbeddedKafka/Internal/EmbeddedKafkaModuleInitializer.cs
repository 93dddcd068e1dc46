using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Streams.Runtime.Internal;

namespace Streams.EmbeddedKafka.Internal;

/// <summary>
/// Registers Streams' librdkafka resolver for this assembly's own imports (and Confluent.Kafka's) when the assembly is
/// first used, before the embedded broker or any client it makes calls librdkafka.
/// </summary>
internal static class EmbeddedKafkaModuleInitializer
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "The librdkafka resolver must be in place before the first P/Invoke; registering only sets a callback and loads nothing.")]
    internal static void Initialize() => LibrdkafkaLoader.Register(typeof(EmbeddedKafkaModuleInitializer).Assembly);
}
