using System.Runtime.CompilerServices;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State.Internal;

namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>
/// Re-joins on a right-table change, as Kafka Streams' <c>ForeignTableJoinProcessorSupplier</c>: prefix-scans the
/// subscription store for every left row subscribed to the changed key and answers each with the new right value
/// (absent for a delete), the hash and partition its subscription carried, keyed by the left key and timestamped
/// with the right change. Changes with a null key and out-of-order updates of a versioned table are dropped.
/// </summary>
internal sealed class ForeignTableJoinProcessor<TKey, TForeignKey, TOtherValue>(
    string storeName, ISerde<SubscriptionWrapper<TKey>> wrapperSerde, Func<string, CombinedKeySchema<TForeignKey, TKey>> keySchema)
    : IProcessor<TForeignKey, Change<TOtherValue>, TKey, SubscriptionResponseWrapper<TOtherValue>>
{
    private IProcessorContext<TKey, SubscriptionResponseWrapper<TOtherValue>> _context = null!;
    private CombinedKeySchema<TForeignKey, TKey> _schema = null!;
    private Func<byte[], List<(byte[] Key, SubscriptionWrapper<TKey> Subscription)>> _subscribers = null!;

    public void Init(IProcessorContext<TKey, SubscriptionResponseWrapper<TOtherValue>> context)
    {
        _context = context;
        _schema = keySchema(context.ApplicationId);
        _subscribers = SubscriptionStore.Scanner(context, storeName, wrapperSerde);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // no try region inlined on the forward path (docs/reliability.md, "Hardening")
    public void Process(Record<TForeignKey, Change<TOtherValue>> record)
    {
        if (record.Key is null)
        {
            DroppedRecords.Null(_context, record.TimestampMs, "null key");
            return;
        }

        var change = record.Value;
        if (!change.IsLatest)
        {
            // KIP-914: an out-of-order update of a versioned right table does not change the join (Kafka Streams'
            // ForeignTableJoinProcessorSupplier drops and counts it).
            DroppedRecords.OutOfOrder(_context, record.TimestampMs);
            return;
        }

        foreach (var (key, subscription) in _subscribers(_schema.PrefixBytes(record.Key)))
        {
            var response = new SubscriptionResponseWrapper<TOtherValue>(subscription.Hash, change.NewValue, change.HasNewValue, subscription.PrimaryPartition);
            _context.Forward(record.WithKey(_schema.FromBytes(key).PrimaryKey).WithValue(response));
        }
    }
}
