using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <content>The suppression buffer store.</content>
internal static partial class StoreFactories
{
    /// <summary>
    /// A suppression buffer: always in memory (whatever the DSL store suppliers), changelogged to
    /// <c>{applicationId}-{name}-changelog</c> unless <paramref name="loggingEnabled"/> is false, as Kafka Streams'
    /// <c>InMemoryTimeOrderedKeyValueChangeBuffer.Builder</c>.
    /// </summary>
    public static StoreFactory SuppressionBuffer<TKey, TValue>(string name, bool loggingEnabled, ISerde<TKey> keySerde, ISerde<TValue> valueSerde) =>
        new(name, "Buffer", loggingEnabled, _ => new InMemoryTimeOrderedKeyValueBuffer<TKey, TValue>(name, keySerde, valueSerde, loggingEnabled));
}
