using Confluent.Kafka;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Runtime.Internal;

/// <summary>
/// The restore of one changelog partition into one store, for <see cref="ChangelogRestorer"/>: the batch being filled,
/// in the shape the store's callback takes (key-value pairs, or records with timestamps for
/// <see cref="IRecordBatchingStateRestoreCallback"/>), built straight from the consumer's message with no
/// intermediate copy. Two buffers alternate: one being filled while the other is written by the restorer's worker.
/// </summary>
internal sealed class ChangelogPartitionRestore
{
    private readonly IStateRestoreCallback _callback;
    private IRestoreWriteBatch? _nativeBatch;
    private IRestoreWriteBatch? _spareNativeBatch;
    private readonly IRecordBatchingStateRestoreCallback? _withTimestamps;
    private readonly bool _timestampedValues;
    private List<KeyValuePair<byte[], byte[]?>> _pairs;
    private List<KeyValuePair<byte[], byte[]?>> _sparePairs;
    private List<StateRestoreRecord> _records;
    private List<StateRestoreRecord> _spareRecords;

    /// <param name="progress">Where the restore stands (offsets, counts) for listeners and metrics.</param>
    /// <param name="callback">The store's restore callback.</param>
    /// <param name="timestampedValues">Convert each value to the timestamped store format (a source topic restored into a timestamped store).</param>
    /// <param name="batchSize">Records per batch.</param>
    /// <param name="nativeRecords">Records will come from a <see cref="LibrdkafkaBatchReader"/>: a store with native
    /// write batches (<see cref="INativeRestoreCallback"/>) gets each key and value copied from librdkafka's buffer
    /// straight into its batch (dispose this restore then, with <see cref="Release"/>).</param>
    public ChangelogPartitionRestore(StoreRestoreProgress progress, IStateRestoreCallback callback, bool timestampedValues, int batchSize, bool nativeRecords = false)
    {
        Progress = progress;
        Topic = progress.Partition.Topic;
        _callback = callback;
        _withTimestamps = callback as IRecordBatchingStateRestoreCallback;
        _timestampedValues = timestampedValues && _withTimestamps is null;
        var capacity = _withTimestamps is null ? batchSize : 0;
        _pairs = new(capacity);
        _sparePairs = new(capacity);
        _records = new(batchSize - capacity);
        _spareRecords = new(batchSize - capacity);
        if (nativeRecords && !timestampedValues && _withTimestamps is null && callback is INativeRestoreCallback native)
        {
            _nativeBatch = native.CreateRestoreBatch();
            _spareNativeBatch = native.CreateRestoreBatch();
        }
    }

    public StoreRestoreProgress Progress { get; }

    public string Topic { get; }

    public TopicPartition Partition => Progress.Partition;

    public long End => Progress.End;

    /// <summary>Records in the batch being filled.</summary>
    public int Count => _nativeBatch?.Count ?? (_withTimestamps is null ? _pairs.Count : _records.Count);

    /// <summary>The offset of the last record added to the batch being filled.</summary>
    public long LastOffset { get; private set; } = -1;

    /// <summary>Set once every record up to <see cref="End"/> was read (its last batch may still be in flight).</summary>
    public bool Complete { get; set; }

    /// <summary>Set once <see cref="IBulkRestoreCallback.BeginRestore"/> was called.</summary>
    public bool BulkStarted { get; private set; }

    /// <summary>Adds a changelog record to the batch being filled.</summary>
    /// <param name="message">The record; its key is not null.</param>
    /// <param name="offset">Its offset.</param>
    public void Add(Message<byte[], byte[]> message, long offset) => Add(message.Key, message.Value, message.Timestamp.UnixTimestampMs, offset);

    /// <summary>
    /// Adds a record read by a <see cref="LibrdkafkaBatchReader"/> (its key is not null): copied into the store's
    /// native batch, or into arrays for any other store.
    /// </summary>
    public void Add(in LibrdkafkaBatchReader.Record record, long offset)
    {
        if (_nativeBatch is not null)
        {
            LastOffset = offset;
            if (record.IsTombstone)
            {
                _nativeBatch.Delete(record.Key);
            }
            else
            {
                _nativeBatch.Put(record.Key, record.Value);
            }

            return;
        }

        var needsTimestamp = _withTimestamps is not null || _timestampedValues;
        Add(record.Key.ToArray(), record.IsTombstone ? null : record.Value.ToArray(), needsTimestamp ? record.TimestampMs : -1, offset);
    }

    private void Add(byte[] key, byte[]? value, long timestampMs, long offset)
    {
        LastOffset = offset;
        if (_withTimestamps is not null)
        {
            _records.Add(new(key, value, timestampMs));
        }
        else
        {
            _pairs.Add(new(key, _timestampedValues ? TimestampedValue(value, timestampMs) : value));
        }
    }

    /// <summary>Disposes the native batches. Call once no batch of this restore is being written.</summary>
    public void Release()
    {
        _nativeBatch?.Dispose();
        _spareNativeBatch?.Dispose();
    }

    /// <summary>Takes the batch being filled as a write to run (on any thread) and starts an empty one.</summary>
    /// <returns>The write; it applies the batch to the store and then empties the buffer for reuse.</returns>
    public Action TakeBatch()
    {
        if (!BulkStarted && _callback is IBulkRestoreCallback bulk)
        {
            BulkStarted = true;
            bulk.BeginRestore();
        }

        if (_nativeBatch is not null)
        {
            var batch = _nativeBatch;
            (_nativeBatch, _spareNativeBatch) = (_spareNativeBatch, _nativeBatch);
            return batch.Write;
        }

        if (_withTimestamps is not null)
        {
            var records = _records;
            (_records, _spareRecords) = (_spareRecords, _records);
            return () =>
            {
                _withTimestamps.RestoreBatch(records);
                records.Clear();
            };
        }

        var pairs = _pairs;
        (_pairs, _sparePairs) = (_sparePairs, _pairs);
        return () =>
        {
            _callback.RestoreBatch(pairs);
            pairs.Clear();
        };
    }

    /// <summary>Lets a store that deferred work during the restore (<see cref="IBulkRestoreCallback"/>) finish it.</summary>
    public void EndBulk()
    {
        if (BulkStarted && _callback is IBulkRestoreCallback bulk)
        {
            BulkStarted = false;
            bulk.EndRestore();
        }
    }

    /// <summary>A source topic's value in the timestamped store format: 8-byte big-endian timestamp, then the value (Kafka Streams' <c>rawValueToTimestampedValue</c>).</summary>
    private static byte[]? TimestampedValue(byte[]? value, long timestamp)
    {
        if (value is null)
        {
            return null;
        }

        var bytes = new byte[value.Length + 8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, timestamp);
        value.CopyTo(bytes, 8);
        return bytes;
    }
}
