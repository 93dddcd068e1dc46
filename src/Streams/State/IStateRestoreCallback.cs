using Streams.Processor;

namespace Streams.State;

/// <summary>
/// Receives changelog records while a store is restored, in batches, as Kafka Streams'
/// <c>BatchingStateRestoreCallback</c>. A <see langword="null"/> value is a tombstone (delete).
/// </summary>
public interface IStateRestoreCallback
{
    /// <summary>Applies one batch of restored records, in changelog order.</summary>
    /// <param name="records">
    /// Raw key and value bytes; a null value deletes the key. The key and value arrays are the store's to keep (nobody
    /// else holds them), but the list itself is reused for the next batch once this returns: copy what you keep of it.
    /// </param>
    void RestoreBatch(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records);
}
