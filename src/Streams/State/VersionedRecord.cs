namespace Streams.State;

/// <summary>
/// One version of a key's value in a versioned store, as Kafka Streams' <c>VersionedRecord</c> (KIP-889, with
/// the <c>validTo</c> of KIP-968). The version is valid from <see cref="TimestampMs"/> (inclusive) until
/// <see cref="ValidToMs"/> (exclusive), the timestamp of the next newer version (or delete) of the key;
/// <see cref="ValidToMs"/> is null for the latest version, whose validity is open-ended. A deleted key has no
/// record (a tombstone is never returned as a record).
/// </summary>
/// <typeparam name="TValue">The value type.</typeparam>
/// <param name="Value">The value; never null (tombstones are not records).</param>
/// <param name="TimestampMs">When the version became valid (its record timestamp), epoch milliseconds, inclusive.</param>
/// <param name="ValidToMs">When the version stopped being valid, epoch milliseconds, exclusive; null while it is the latest.</param>
public sealed record VersionedRecord<TValue>(TValue Value, long TimestampMs, long? ValidToMs = null);
