using Confluent.Kafka;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State.Internal;

namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>
/// The left table's side of a foreign-key join, as Kafka Streams' <c>SubscriptionSendProcessorSupplier</c>: for every
/// change of a left row it sends subscriptions keyed by foreign key, carrying the hash of the new left value, the
/// left key and partition, and what the right side must do. When the foreign key changes, the old one is
/// unsubscribed first. Inner join: a null foreign key is dropped (and unsubscribes the old one); left join: it is
/// sent with a null key, so that the right side answers "no row" (KIP-962).
/// </summary>
internal sealed class SubscriptionSendProcessor<TKey, TValue, TForeignKey>(
    Func<TKey, TValue, TForeignKey> foreignKeyExtractor, ISerde<TForeignKey> foreignKeySerde, ISerde<TValue> valueSerde, ForeignKeyJoinTopics topics, bool leftJoin)
    : IProcessor<TKey, Change<TValue>, TForeignKey, SubscriptionWrapper<TKey>>
{
    private IProcessorContext<TForeignKey, SubscriptionWrapper<TKey>> _context = null!;
    private SerializationContext _foreignKeyContext;
    private SerializationContext _valueHashContext;

    public void Init(IProcessorContext<TForeignKey, SubscriptionWrapper<TKey>> context)
    {
        _context = context;
        _foreignKeyContext = new SerializationContext(MessageComponentType.Key, topics.ForeignKeyTopic(context.ApplicationId));
        _valueHashContext = new SerializationContext(MessageComponentType.Value, topics.ValueHashTopic(context.ApplicationId));
    }

    public void Process(Record<TKey, Change<TValue>> record)
    {
        var change = record.Value;
        if (!change.IsLatest)
        {
            // KIP-914: an out-of-order update of a versioned left table is history: no subscription, no result (Kafka
            // Streams' SubscriptionSendProcessorSupplier drops and counts it).
            DroppedRecords.OutOfOrder(_context, record.TimestampMs);
            return;
        }

        var oldForeignKey = change.HasOldValue ? foreignKeyExtractor(record.Key, change.OldValue!) : default;
        var newForeignKey = change.HasNewValue ? foreignKeyExtractor(record.Key, change.NewValue!) : default;
        var hash = new Lazy<(long, long)?>(() => change.HasNewValue ? ValueHash.Of(valueSerde, change.NewValue!, _valueHashContext) : null, LazyThreadSafetyMode.None);
        if (leftJoin)
        {
            if (!change.HasOldValue && !change.HasNewValue)
            {
                return;
            }

            // Every change gets an answer (a deleted row's is the tombstone); the old key is unsubscribed when it moves.
            if (change.HasOldValue && oldForeignKey is not null && !SameForeignKey(oldForeignKey, newForeignKey))
            {
                Send(record, oldForeignKey, hash, SubscriptionInstruction.DeleteKeyNoPropagate);
            }

            Send(record, newForeignKey, hash, SubscriptionInstruction.PropagateNullIfNoForeignValue);
            return;
        }

        var subscribed = change.HasOldValue && oldForeignKey is not null;
        if (!change.HasNewValue)
        {
            if (subscribed)
            {
                Send(record, oldForeignKey, hash, SubscriptionInstruction.DeleteKeyAndPropagate);
            }

            return;
        }

        if (newForeignKey is null)
        {
            DroppedRecords.Null(_context, record.TimestampMs, "null foreign key");
            if (subscribed)
            {
                Send(record, oldForeignKey, hash, SubscriptionInstruction.DeleteKeyAndPropagate);
            }

            return;
        }

        if (!subscribed)
        {
            // A new row: nothing to retract, so answer only when there is something to join.
            Send(record, newForeignKey, hash, SubscriptionInstruction.PropagateOnlyIfForeignValue);
        }
        else if (!SameForeignKey(oldForeignKey, newForeignKey))
        {
            // The old subscription lives on another partition: remove it, and have the new one retract the old result if it does not join.
            Send(record, oldForeignKey, hash, SubscriptionInstruction.DeleteKeyNoPropagate);
            Send(record, newForeignKey, hash, SubscriptionInstruction.PropagateNullIfNoForeignValue);
        }
        else
        {
            // Same foreign key: if it has no row now, it had none before either, so no result to retract.
            Send(record, newForeignKey, hash, SubscriptionInstruction.PropagateOnlyIfForeignValue);
        }
    }

    private bool SameForeignKey(TForeignKey? a, TForeignKey? b) =>
        a is null || b is null
            ? a is null && b is null
            : foreignKeySerde.Serialize(a, _foreignKeyContext).AsSpan().SequenceEqual(foreignKeySerde.Serialize(b, _foreignKeyContext));

    /// <summary>Sends one subscription; the hash (of the new value, null for a delete) is computed once per change, when first needed.</summary>
    private void Send(Record<TKey, Change<TValue>> record, TForeignKey? foreignKey, Lazy<(long, long)?> hash, SubscriptionInstruction instruction)
    {
        var partition = _context.RecordMetadata?.Partition ?? _context.TaskId.Partition;
        _context.Forward(record.WithKey(foreignKey!).WithValue(new SubscriptionWrapper<TKey>(hash.Value, instruction, record.Key, partition)));
    }
}
