namespace Streams.State.Internal;

/// <summary>
/// A restore callback that takes changelog records straight from the Kafka client's buffers: the restorer copies each
/// key and value once, into a native write batch of the store (<see cref="CreateRestoreBatch"/>), instead of into two
/// arrays per record, and the store's writer thread only applies finished batches. RocksDB key-value stores implement
/// it; any other callback gets arrays through <see cref="IStateRestoreCallback.RestoreBatch"/>.
/// </summary>
internal interface INativeRestoreCallback : IStateRestoreCallback
{
    /// <summary>Creates an empty batch for restored records; the restorer fills one while another is written, and disposes both.</summary>
    /// <returns>The batch.</returns>
    IRestoreWriteBatch CreateRestoreBatch();
}

/// <summary>Restored records buffered natively by a store, applied in order by <see cref="Write"/>. Not thread-safe; filled on one thread, written on another, never at once.</summary>
internal interface IRestoreWriteBatch : IDisposable
{
    /// <summary>The records buffered.</summary>
    int Count { get; }

    /// <summary>Buffers a put (the bytes are copied).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    /// <summary>Buffers a delete of <paramref name="key"/> (a changelog tombstone).</summary>
    /// <param name="key">The key.</param>
    void Delete(ReadOnlySpan<byte> key);

    /// <summary>Writes the buffered records into the store atomically and empties the batch.</summary>
    /// <exception cref="StateStoreException">The store failed to write; the batch is emptied all the same.</exception>
    void Write();

    /// <summary>Empties the batch without writing it.</summary>
    void Clear();
}
