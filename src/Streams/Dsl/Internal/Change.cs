namespace Streams.Dsl.Internal;

/// <summary>A table update: the new and the old value (either may be null), as Kafka Streams' <c>Change</c>.</summary>
internal readonly record struct Change<TValue>(TValue? NewValue, TValue? OldValue);
