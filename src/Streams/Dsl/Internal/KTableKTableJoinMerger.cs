using Streams.Processor;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// Merges the changes of both sides of a table-table join into the joined table, as Kafka Streams' <c>KTableKTableJoinMerger</c>:
/// forwards them unchanged, and when the table is materialized first puts the new value (or a delete) into its store. Like the
/// other derived tables here (filter, mapValues), changes are forwarded as they happen, each with its own timestamp, also when
/// the store has a record cache (which then only batches the store's writes).
/// </summary>
internal sealed class KTableKTableJoinMerger<TKey, TValue>(string? storeName) : IProcessor<TKey, Change<TValue>, TKey, Change<TValue>>
{
    private IProcessorContext<TKey, Change<TValue>> _context = null!;
    private ITimestampedKeyValueStore<TKey, TValue>? _store;

    public void Init(IProcessorContext<TKey, Change<TValue>> context)
    {
        _context = context;
        _store = storeName is null ? null : context.GetStateStore<ITimestampedKeyValueStore<TKey, TValue>>(storeName);
    }

    public void Process(Record<TKey, Change<TValue>> record)
    {
        _store?.Put(record.Key, record.Value.HasNewValue ? new ValueAndTimestamp<TValue>(record.Value.NewValue!, record.TimestampMs) : null);
        _context.Forward(record);
    }
}
