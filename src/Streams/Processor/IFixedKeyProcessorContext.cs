namespace Streams.Processor;

/// <summary>
/// The context of an <see cref="IFixedKeyProcessor{TKey, TValueIn, TValueOut}"/>, as Kafka Streams'
/// <c>api.FixedKeyProcessorContext</c>: like <see cref="IProcessorContext{TKeyOut, TValueOut}"/>, but forwards only
/// records whose key is the input record's.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValueOut">Forwarded value type.</typeparam>
public interface IFixedKeyProcessorContext<TKey, TValueOut> : IProcessorContext
{
    /// <summary>Forwards a record to every child processor.</summary>
    /// <param name="record">The record, derived from an input record.</param>
    void Forward(FixedKeyRecord<TKey, TValueOut> record);

    /// <summary>Forwards a record to the named child only.</summary>
    /// <param name="record">The record.</param>
    /// <param name="childName">The child processor's name.</param>
    /// <exception cref="InvalidOperationException">No child has that name.</exception>
    void Forward(FixedKeyRecord<TKey, TValueOut> record, string childName);
}
