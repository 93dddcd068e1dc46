namespace Streams.State;

/// <summary>One changelog record replayed into a store.</summary>
/// <param name="Key">The key bytes.</param>
/// <param name="Value">The value bytes, or null for a tombstone.</param>
/// <param name="TimestampMs">The changelog record's timestamp, epoch milliseconds.</param>
public readonly record struct StateRestoreRecord(byte[] Key, byte[]? Value, long TimestampMs);
