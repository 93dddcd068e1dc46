using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;

namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>
/// The right table's receiving end of the subscription topic, as Kafka Streams' <c>SubscriptionReceiveProcessorSupplier</c>:
/// keeps the subscription store (keyed by <see cref="CombinedKey{TForeignKey, TKey}"/> bytes) up to date — delete
/// instructions remove the subscription, the others add or replace it — and forwards every subscription to the
/// join with the right table. A left-join subscription with a null foreign key is not stored but still forwarded
/// (it is answered with "no row"); other null foreign keys are dropped.
/// </summary>
internal sealed class SubscriptionReceiveProcessor<TKey, TForeignKey>(string storeName, Func<string, CombinedKeySchema<TForeignKey, TKey>> keySchema)
    : IProcessor<TForeignKey, SubscriptionWrapper<TKey>, CombinedKey<TForeignKey, TKey>, SubscriptionWrapper<TKey>>
{
    private IProcessorContext<CombinedKey<TForeignKey, TKey>, SubscriptionWrapper<TKey>> _context = null!;
    private ITimestampedKeyValueStore<byte[], SubscriptionWrapper<TKey>> _store = null!;
    private CombinedKeySchema<TForeignKey, TKey> _schema = null!;

    public void Init(IProcessorContext<CombinedKey<TForeignKey, TKey>, SubscriptionWrapper<TKey>> context)
    {
        _context = context;
        _store = context.GetStateStore<ITimestampedKeyValueStore<byte[], SubscriptionWrapper<TKey>>>(storeName);
        _schema = keySchema(context.ApplicationId);
    }

    public void Process(Record<TForeignKey, SubscriptionWrapper<TKey>> record)
    {
        var subscription = record.Value;
        if (subscription is null)
        {
            DroppedRecords.Null(_context, record.TimestampMs, "null value");
            return;
        }

        if (record.Key is null)
        {
            if (subscription.Instruction != SubscriptionInstruction.PropagateNullIfNoForeignValue)
            {
                DroppedRecords.Null(_context, record.TimestampMs, "null foreign key");
                return;
            }
        }
        else
        {
            var key = _schema.ToBytes(record.Key, subscription.PrimaryKey);
            if (subscription.Instruction is SubscriptionInstruction.DeleteKeyAndPropagate or SubscriptionInstruction.DeleteKeyNoPropagate)
            {
                _store.Delete(key);
            }
            else
            {
                _store.Put(key, new ValueAndTimestamp<SubscriptionWrapper<TKey>>(subscription, record.TimestampMs));
            }
        }

        _context.Forward(record.WithKey(new CombinedKey<TForeignKey, TKey>(record.Key, subscription.PrimaryKey)));
    }
}
