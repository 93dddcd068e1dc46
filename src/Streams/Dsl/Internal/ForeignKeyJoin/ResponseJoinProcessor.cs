using Confluent.Kafka;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State.Internal;

namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>
/// Resolves responses back on the left side, as Kafka Streams' <c>ResponseJoinProcessorSupplier</c>: a response
/// whose hash differs from the hash of the left row's current value was computed for an older value and is dropped
/// (counted as a dropped record); otherwise the current left value is joined with the response's right value.
/// No right value gives a delete for the inner join, and a join with null for the left join (a delete when the left
/// row itself is gone). The result keeps the response's timestamp.
/// </summary>
internal sealed class ResponseJoinProcessor<TKey, TValue, TOtherValue, TOut>(
    KTableValueGetterSupplier<TKey, TValue> table, ISerde<TValue> valueSerde, ForeignKeyJoinTopics topics, Func<TValue, TOtherValue?, TOut> joiner, bool leftJoin)
    : IProcessor<TKey, SubscriptionResponseWrapper<TOtherValue>, TKey, Change<TOut>>
{
    private IProcessorContext<TKey, Change<TOut>> _context = null!;
    private IKTableValueGetter<TKey, TValue> _table = null!;
    private SerializationContext _valueHashContext;

    public void Init(IProcessorContext<TKey, Change<TOut>> context)
    {
        _context = context;
        _table = table.Create(context);
        _valueHashContext = new SerializationContext(MessageComponentType.Value, topics.ValueHashTopic(context.ApplicationId));
    }

    public void Process(Record<TKey, SubscriptionResponseWrapper<TOtherValue>> record)
    {
        var response = record.Value;
        var current = _table.Get(record.Key);
        var currentHash = current is null ? ((long, long)?)null : ValueHash.Of(valueSerde, current.Value, _valueHashContext);
        if (response.OriginalValueHash != currentHash)
        {
            DroppedRecords.Stale(_context, record.TimestampMs);
            return;
        }

        var joined = current is not null && (response.HasForeignValue || leftJoin);
        var result = joined ? joiner(current!.Value, response.HasForeignValue ? response.ForeignValue : default) : default;
        _context.Forward(new Record<TKey, Change<TOut>>(record.Key, new Change<TOut>(result, joined, default, false), record.TimestampMs, record.Headers));
    }
}
