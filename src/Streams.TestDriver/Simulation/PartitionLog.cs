using Confluent.Kafka;

namespace Streams.TestDriver.Simulation;

/// <summary>One transaction of one producer epoch: its records' fate, the partitions it wrote (AddPartitionsToTxn) and the offsets it will commit (TxnOffsetCommit).</summary>
internal sealed class OpenTransaction(long producerId)
{
    public long ProducerId { get; } = producerId;

    public InMemoryTransactionState State { get; set; } = InMemoryTransactionState.Open;

    /// <summary>When the coordinator aborts it if still open (start + <c>transaction.timeout.ms</c>), in the cluster's Unix milliseconds.</summary>
    public long DeadlineMs { get; init; } = long.MaxValue;

    /// <summary>Each partition it wrote, with the offset of its first record there (what holds the last stable offset back).</summary>
    public Dictionary<TopicPartition, long> FirstOffsets { get; } = [];

    /// <summary>Offsets sent with SendOffsetsToTransaction, by group: materialized in the group when the transaction commits.</summary>
    public Dictionary<string, Dictionary<TopicPartition, long>> Offsets { get; } = new(StringComparer.Ordinal);
}

/// <summary>One log entry: a data record or a control marker (Kafka's <c>EndTransactionMarker</c>).</summary>
internal sealed class LogEntry
{
    public required long Offset { get; init; }

    public required Timestamp Timestamp { get; init; }

    public byte[]? Key { get; init; }

    public byte[]? Value { get; init; }

    public Headers Headers { get; init; } = [];

    public long ProducerId { get; init; } = -1;

    /// <summary>The transaction it was written in; null when not transactional.</summary>
    public OpenTransaction? Transaction { get; init; }

    /// <summary>Null for a data record; true for a COMMIT marker, false for an ABORT marker.</summary>
    public bool? ControlCommit { get; init; }

    public bool IsControl => ControlCommit is not null;
}

/// <summary>
/// A partition's log, as Kafka's <c>UnifiedLog</c> on a single replica: the log start offset (moved by DeleteRecords and
/// retention), the high watermark (here the log end offset: no replication) and the last stable offset (the first offset of
/// the oldest open transaction, or the high watermark; KIP-98).
/// </summary>
internal sealed class PartitionLog(TopicPartition partition)
{
    private readonly List<LogEntry> _entries = [];

    public TopicPartition Partition { get; } = partition;

    public long LogStartOffset { get; private set; }

    public long HighWatermark { get; private set; }

    public List<OpenTransaction> OpenTransactions { get; } = [];

    public long LastStableOffset => OpenTransactions.Count == 0 ? HighWatermark : OpenTransactions.Min(t => t.FirstOffsets[Partition]);

    public IEnumerable<LogEntry> Entries => _entries.Where(e => e.Offset >= LogStartOffset);

    public LogEntry Append(Timestamp timestamp, byte[]? key, byte[]? value, Headers? headers, long producerId, OpenTransaction? transaction, bool? controlCommit = null)
    {
        var entry = new LogEntry
        {
            Offset = HighWatermark, Timestamp = timestamp, Key = key, Value = value, Headers = headers ?? [], ProducerId = producerId,
            Transaction = transaction, ControlCommit = controlCommit,
        };
        _entries.Add(entry);
        HighWatermark++;
        return entry;
    }

    /// <summary>Moves the log start offset (Kafka's DeleteRecords, KIP-107); it never goes back nor past the high watermark.</summary>
    public void DeleteBefore(long offset)
    {
        var target = Math.Min(offset, HighWatermark);
        if (target <= LogStartOffset)
        {
            return;
        }

        LogStartOffset = target;
        _entries.RemoveAll(e => e.Offset < target);
    }

    /// <summary>
    /// Log compaction of the entries below the last stable offset (Kafka's <c>LogCleaner</c>): the newest record of each key
    /// is kept, older ones go; records of aborted transactions go; control markers and keyless records stay. Offsets do not change.
    /// </summary>
    public void Compact()
    {
        var end = LastStableOffset;
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var e in _entries.Where(e => e.Offset < end && !e.IsControl && e.Key is not null && e.Transaction?.State != InMemoryTransactionState.Aborted))
        {
            latest[Convert.ToBase64String(e.Key!)] = e.Offset;
        }

        _entries.RemoveAll(e => e.Offset < end && !e.IsControl
            && (e.Transaction?.State == InMemoryTransactionState.Aborted || (e.Key is not null && latest[Convert.ToBase64String(e.Key)] != e.Offset)));
    }

    /// <summary>The first entry at or after <paramref name="offset"/> (compaction leaves gaps), or null at the end.</summary>
    public LogEntry? AtOrAfter(long offset)
    {
        if (offset >= HighWatermark)
        {
            return null;
        }

        var from = Math.Max(offset, LogStartOffset);
        var i = _entries.BinarySearch(new LogEntry { Offset = from, Timestamp = default }, Comparer<LogEntry>.Create((a, b) => a.Offset.CompareTo(b.Offset)));
        i = i < 0 ? ~i : i;
        return i < _entries.Count ? _entries[i] : null;
    }
}
