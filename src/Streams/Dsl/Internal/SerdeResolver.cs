using Streams.Serialization;

namespace Streams.Dsl.Internal;

internal static class SerdeResolver
{
    /// <summary>The explicit serde, else the one known from upstream, else the built-in default; else a clear error.</summary>
    public static ISerde<T> Require<T>(ISerde<T>? explicitSerde, ISerde<T>? known, string operation, string part) =>
        explicitSerde ?? known ?? Serdes.Default<T>()
        ?? throw new TopologyException(
            $"{operation} needs a {part} serde for type '{typeof(T).FullName}', which has no built-in serde. " +
            $"Pass one through the operator's parameters (Produced, Grouped, Materialized or Consumed), e.g. Serdes.Json(MyJsonContext.Default.{typeof(T).Name}).");

    public static ISerde<T>? Known<T>(ISerde<T>? explicitSerde, ISerde<T>? known) => explicitSerde ?? known ?? Serdes.Default<T>();
}
