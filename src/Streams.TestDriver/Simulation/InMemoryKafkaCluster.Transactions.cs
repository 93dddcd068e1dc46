using Confluent.Kafka;

namespace Streams.TestDriver.Simulation;

/// <content>
/// The transaction coordinator (Kafka's <c>TransactionCoordinator</c>, KIP-98 and KIP-447): a <c>transactional.id</c>
/// keeps one producer id; each InitProducerId bumps its epoch, aborts the transaction the previous epoch left open
/// and fences that producer (its later requests fail with <c>ProducerFenced</c>). Ending a transaction writes a
/// COMMIT or ABORT marker to every partition it wrote and, on commit, stores the offsets sent to it in their groups.
/// </content>
public sealed partial class InMemoryKafkaCluster
{
    private readonly Dictionary<string, TransactionalIdState> _transactionalIds = new(StringComparer.Ordinal);
    private long _nextProducerId = 1000;

    /// <summary>A producer id for a producer without <c>transactional.id</c> (idempotent or not), as InitProducerId without one.</summary>
    internal long NewProducerId() => _nextProducerId++;

    /// <summary>InitProducerId with a transactional id: the id's producer id and its bumped epoch; the previous epoch's open transaction is aborted.</summary>
    internal TransactionalIdState InitProducerId(string transactionalId)
    {
        if (!_transactionalIds.TryGetValue(transactionalId, out var state))
        {
            _transactionalIds[transactionalId] = state = new TransactionalIdState(transactionalId, NewProducerId());
        }
        else if (state.Current is { } open)
        {
            EndTransaction(open, commit: false);
            state.Current = null;
        }

        state.Epoch++;
        return state;
    }

    /// <summary>
    /// Runs the coordinator's abort of timed-out transactions now (Kafka's <c>TransactionCoordinator#abortTimedOutTransactions</c>,
    /// which a broker runs every <c>transaction.abort.timed.out.transaction.cleanup.interval.ms</c>, default 10 s): every
    /// transaction open past its producer's <c>transaction.timeout.ms</c> on <see cref="TimeProvider"/> is aborted (a
    /// marker on each of its partitions, the last stable offset moves on) and its producer fenced. The model also runs it
    /// at every consumer poll; a test calls it when no consumer polls any more, e.g. after a crash at the end of a run.
    /// </summary>
    /// <returns>How many transactions were aborted.</returns>
    public int AbortTimedOutTransactions()
    {
        lock (Gate)
        {
            var before = _transactionalIds.Values.Count(s => s.Current is not null);
            ExpireTransactions();
            var aborted = before - _transactionalIds.Values.Count(s => s.Current is not null);
            if (aborted > 0)
            {
                Pulse();
            }

            return aborted;
        }
    }

    /// <summary>Aborts every transaction open past its <c>transaction.timeout.ms</c> (Kafka's <c>TransactionCoordinator#abortTimedOutTransactions</c>); their producers are fenced at their next request.</summary>
    internal void ExpireTransactions()
    {
        var now = NowMs;
        foreach (var state in _transactionalIds.Values)
        {
            if (state.Current is { } open && open.DeadlineMs < now)
            {
                EndTransaction(open, commit: false);
                state.Current = null;
                state.Epoch++; // KIP-588: the coordinator bumps the epoch when it aborts, fencing the old producer
            }
        }
    }

    /// <summary>Adds the partition of <paramref name="log"/> to the transaction (AddPartitionsToTxn): its first record there holds the last stable offset back.</summary>
    internal static void AddPartition(OpenTransaction transaction, PartitionLog log, long firstOffset)
    {
        if (transaction.FirstOffsets.TryAdd(log.Partition, firstOffset))
        {
            log.OpenTransactions.Add(transaction);
        }
    }

    /// <summary>EndTxn: markers on every partition of the transaction; offsets committed to their groups on commit (TxnOffsetCommit materialized).</summary>
    internal void EndTransaction(OpenTransaction transaction, bool commit)
    {
        transaction.State = commit ? InMemoryTransactionState.Committed : InMemoryTransactionState.Aborted;
        var now = new Timestamp(NowMs, TimestampType.LogAppendTime);
        foreach (var tp in transaction.FirstOffsets.Keys)
        {
            var log = Log(tp)!;
            log.OpenTransactions.Remove(transaction);
            log.Append(now, null, null, null, transaction.ProducerId, transaction, controlCommit: commit);
        }

        if (commit)
        {
            foreach (var (groupId, offsets) in transaction.Offsets)
            {
                var group = Group(groupId);
                foreach (var (tp, offset) in offsets)
                {
                    group.Committed[tp] = offset;
                }
            }
        }

        Pulse();
    }

    internal sealed class TransactionalIdState(string id, long producerId)
    {
        public string Id { get; } = id;

        public long ProducerId { get; } = producerId;

        public short Epoch { get; set; } = -1;

        public OpenTransaction? Current { get; set; }
    }
}
