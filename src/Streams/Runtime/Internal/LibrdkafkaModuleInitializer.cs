using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Streams.Runtime.Internal;

/// <summary>Registers <see cref="LibrdkafkaLoader"/> when the Streams assembly is first used, so users make no call.</summary>
internal static class LibrdkafkaModuleInitializer
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "The librdkafka resolver must be in place before Confluent.Kafka's first P/Invoke from any Streams entry; registering only sets a callback and loads nothing.")]
    internal static void Initialize() => LibrdkafkaLoader.Register();
}
