namespace Streams.State;

/// <summary>
/// A restore callback that needs each changelog record's timestamp, as Kafka Streams'
/// <c>RecordBatchingStateRestoreCallback</c>: versioned stores log each version with the version's timestamp as
/// the record timestamp and rebuild their history from it. The runtime calls
/// <see cref="RestoreBatch(IReadOnlyList{StateRestoreRecord})"/> instead of the key-value overload for such callbacks.
/// </summary>
public interface IRecordBatchingStateRestoreCallback : IStateRestoreCallback
{
    /// <summary>Applies one batch of restored changelog records, in changelog order.</summary>
    /// <param name="records">Key, value (null = tombstone) and record timestamp of each record. The list is reused for the next batch once this returns: copy what you keep of it.</param>
    void RestoreBatch(IReadOnlyList<StateRestoreRecord> records);

    /// <summary>Not supported: the records' timestamps are required.</summary>
    /// <param name="records">Ignored.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    void IStateRestoreCallback.RestoreBatch(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records) =>
        throw new NotSupportedException("This store restores from changelog records with their timestamps; call RestoreBatch(IReadOnlyList<StateRestoreRecord>).");
}
