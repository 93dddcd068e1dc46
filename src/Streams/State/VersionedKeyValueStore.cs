namespace Streams.State;

/// <summary>The return codes of <see cref="IVersionedKeyValueStore{TKey, TValue}.Put"/>, as Kafka Streams' <c>VersionedKeyValueStore</c> constants.</summary>
public static class VersionedKeyValueStore
{
    /// <summary>The put is the key's latest version: its validity has no end yet (Kafka's <c>PUT_RETURN_CODE_VALID_TO_UNDEFINED</c>, <see cref="long.MinValue"/>).</summary>
    public const long PutReturnCodeValidToUndefined = long.MinValue;

    /// <summary>The put was rejected: its timestamp is older than <c>observedStreamTime - historyRetention</c> (Kafka's <c>PUT_RETURN_CODE_NOT_PUT</c>, <c>long.MinValue + 1</c>).</summary>
    public const long PutReturnCodeNotPut = long.MinValue + 1;
}
