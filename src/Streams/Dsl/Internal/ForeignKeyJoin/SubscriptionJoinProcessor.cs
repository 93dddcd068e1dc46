using Streams.Processor;

namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>
/// Answers each subscription with the right table's current value for its foreign key, as Kafka Streams'
/// <c>SubscriptionJoinProcessorSupplier</c>, following the subscription's instruction: a delete-and-propagate answers
/// "no row", propagate-null always answers (with the value or "no row"), propagate-only-if answers only when the
/// foreign key has a row, delete-no-propagate never answers. Answers are keyed by the left key, carry the
/// subscription's hash and partition, and are timestamped with the larger of the subscription's and the right row's
/// timestamps.
/// </summary>
internal sealed class SubscriptionJoinProcessor<TKey, TForeignKey, TOtherValue>(KTableValueGetterSupplier<TForeignKey, TOtherValue> otherTable)
    : IProcessor<CombinedKey<TForeignKey, TKey>, SubscriptionWrapper<TKey>, TKey, SubscriptionResponseWrapper<TOtherValue>>
{
    private IProcessorContext<TKey, SubscriptionResponseWrapper<TOtherValue>> _context = null!;
    private IKTableValueGetter<TForeignKey, TOtherValue> _other = null!;

    public void Init(IProcessorContext<TKey, SubscriptionResponseWrapper<TOtherValue>> context)
    {
        _context = context;
        _other = otherTable.Create(context);
    }

    public void Process(Record<CombinedKey<TForeignKey, TKey>, SubscriptionWrapper<TKey>> record)
    {
        var subscription = record.Value;
        var row = record.Key.ForeignKey is null ? null : _other.Get(record.Key.ForeignKey);
        var timestamp = row is null ? record.TimestampMs : Math.Max(record.TimestampMs, row.TimestampMs);
        switch (subscription.Instruction)
        {
            case SubscriptionInstruction.DeleteKeyAndPropagate:
                Respond(record, timestamp, null);
                break;
            case SubscriptionInstruction.PropagateNullIfNoForeignValue:
                Respond(record, timestamp, row);
                break;
            case SubscriptionInstruction.PropagateOnlyIfForeignValue when row is not null:
                Respond(record, timestamp, row);
                break;
            default:
                break;
        }
    }

    private void Respond(Record<CombinedKey<TForeignKey, TKey>, SubscriptionWrapper<TKey>> record, long timestamp, State.ValueAndTimestamp<TOtherValue>? row)
    {
        var subscription = record.Value;
        var response = new SubscriptionResponseWrapper<TOtherValue>(subscription.Hash, row is null ? default : row.Value, row is not null, subscription.PrimaryPartition);
        _context.Forward(new Record<TKey, SubscriptionResponseWrapper<TOtherValue>>(record.Key.PrimaryKey, response, timestamp, record.Headers));
    }
}
