using System.Text;
using Confluent.Kafka;
using Streams.TestDriver.Simulation;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>
/// The semantics of the in-memory Kafka model that the embedded broker cannot show (its mock cluster lacks them):
/// read_committed isolation and the last stable offset, producer fencing, transactional offset commits, the classic
/// group protocol's rebalances (eager and cooperative), refused commits during a rebalance, poll-interval expiry,
/// retention and compaction. Test names follow the Kafka tests they mirror where there is one (TransactionManagerTest,
/// ConsumerCoordinatorTest, MockConsumerTest, GroupCoordinatorTest, LogCleanerTest).
/// </summary>
public sealed class InMemoryKafkaClusterTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(5);
    private readonly ManualClock _clock = new();
    private readonly InMemoryKafkaCluster _cluster;
    private readonly InMemoryKafkaClientSupplier _supplier;

    public InMemoryKafkaClusterTests()
    {
        _cluster = new InMemoryKafkaCluster(_clock);
        _supplier = new InMemoryKafkaClientSupplier(_cluster);
    }

    // ---- Transactions (KIP-98, KIP-447): TransactionManagerTest, TransactionsIntegrationTest ----

    [Fact]
    public void TransactionsIntegrationTest_read_committed_consumer_does_not_see_aborted_records_but_read_uncommitted_does()
    {
        _cluster.CreateTopic("t", 1);
        using var producer = Transactional("tx-1");
        producer.BeginTransaction();
        Send(producer, "t", "aborted-0", "aborted-1");
        producer.AbortTransaction();
        producer.BeginTransaction();
        Send(producer, "t", "committed-0");
        producer.CommitTransaction();

        Values(ReadAll("t", IsolationLevel.ReadCommitted, 1)).Should().Equal("committed-0");
        Values(ReadAll("t", IsolationLevel.ReadUncommitted, 3)).Should().Equal("aborted-0", "aborted-1", "committed-0");
        _cluster.Watermarks(new TopicPartition("t", 0)).High.Value.Should().Be(5, "two control markers take an offset each");
    }

    [Fact]
    public void An_open_transaction_holds_the_last_stable_offset_back_until_it_commits()
    {
        _cluster.CreateTopic("t", 1);
        var tp = new TopicPartition("t", 0);
        using (var plain = Plain())
        {
            Send(plain, "t", "before");
        }

        using var producer = Transactional("tx-lso");
        producer.BeginTransaction();
        Send(producer, "t", "open");
        _cluster.LastStableOffset(tp).Should().Be(1, "the open transaction's first record is at offset 1");
        _cluster.Watermarks(tp).High.Value.Should().Be(2);

        using var consumer = Assigned("t", IsolationLevel.ReadCommitted);
        consumer.QueryWatermarkOffsets(tp, s_wait).High.Value.Should().Be(1, "ListOffsets LATEST under read_committed is the last stable offset");
        Values([consumer.Consume(TimeSpan.Zero)!]).Should().Equal("before");
        consumer.Consume(TimeSpan.Zero).Should().BeNull("nothing at or past the last stable offset is returned");

        producer.CommitTransaction();
        _cluster.LastStableOffset(tp).Should().Be(3);
        Values([consumer.Consume(TimeSpan.Zero)!]).Should().Equal("open");
    }

    [Fact]
    public void TransactionManagerTest_a_second_producer_with_the_same_transactional_id_fences_the_first_and_aborts_its_open_transaction()
    {
        _cluster.CreateTopic("t", 1);
        using var first = Transactional("same-id");
        first.BeginTransaction();
        Send(first, "t", "zombie");

        using var second = Transactional("same-id");

        var commit = () => first.CommitTransaction();
        commit.Should().Throw<KafkaException>().Which.Error.Should().Match<Error>(e => e.Code == ErrorCode.ProducerFenced && e.IsFatal);
        DeliveryReport<byte[], byte[]>? report = null;
        var begin = () => first.BeginTransaction();
        begin.Should().Throw<KafkaException>().Which.Error.Code.Should().Be(ErrorCode.ProducerFenced);
        _cluster.Records(new TopicPartition("t", 0)).Single().Transaction.Should().Be(InMemoryTransactionState.Aborted, "InitProducerId of the new epoch aborts the old epoch's transaction");

        second.BeginTransaction();
        second.Produce("t", Message("fresh"), r => report = r);
        second.CommitTransaction();
        report!.Error.IsError.Should().BeFalse();
        Values(ReadAll("t", IsolationLevel.ReadCommitted, 1)).Should().Equal("fresh");
    }

    [Fact]
    public void TransactionManagerTest_offsets_sent_to_a_transaction_are_committed_with_it_and_dropped_when_it_aborts()
    {
        _cluster.CreateTopic("in", 1);
        _cluster.CreateTopic("out", 1);
        var tp = new TopicPartition("in", 0);
        using var consumer = Subscribed("g", "in", cooperative: false);
        consumer.Consume(TimeSpan.Zero);
        using var producer = Transactional("tx-offsets");

        producer.BeginTransaction();
        Send(producer, "out", "a");
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(tp, 7)], consumer.ConsumerGroupMetadata, s_wait);
        _cluster.CommittedOffset("g", tp).Should().BeNull("TxnOffsetCommit offsets are pending until the transaction commits");
        producer.AbortTransaction();
        _cluster.CommittedOffset("g", tp).Should().BeNull("an aborted transaction's offsets are dropped");

        producer.BeginTransaction();
        Send(producer, "out", "b");
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(tp, 9)], consumer.ConsumerGroupMetadata, s_wait);
        producer.CommitTransaction();
        _cluster.CommittedOffset("g", tp).Should().Be(9);
        consumer.Committed([tp], s_wait).Single().Offset.Value.Should().Be(9);
    }

    [Fact]
    public void TransactionManagerTest_offsets_sent_with_a_stale_generation_are_refused_and_the_transaction_must_abort()
    {
        _cluster.CreateTopic("in", 2);
        using var a = Subscribed("g", "in", cooperative: false);
        a.Consume(TimeSpan.Zero);
        var staleMetadata = a.ConsumerGroupMetadata;
        using var b = Subscribed("g", "in", cooperative: false);
        b.Consume(TimeSpan.Zero);
        a.Consume(TimeSpan.Zero);
        b.Consume(TimeSpan.Zero);
        _cluster.GroupGeneration("g").Should().Be(2);

        using var producer = Transactional("tx-zombie");
        producer.BeginTransaction();
        var send = () => producer.SendOffsetsToTransaction([new TopicPartitionOffset(new TopicPartition("in", 0), 1)], staleMetadata, s_wait);
        send.Should().Throw<KafkaTxnRequiresAbortException>().Which.Error.Code.Should().Be(ErrorCode.IllegalGeneration, "KIP-447 fences a zombie member by generation");
        producer.AbortTransaction();
    }

    [Fact]
    public void An_open_transaction_is_aborted_after_transaction_timeout_and_its_producer_fenced()
    {
        _cluster.CreateTopic("t", 1);
        var config = new ProducerConfig { TransactionalId = "tx-timeout", TransactionTimeoutMs = 10_000 };
        using var producer = _supplier.GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, config));
        producer.InitTransactions(s_wait);
        producer.BeginTransaction();
        Send(producer, "t", "late");
        _clock.Advance(TimeSpan.FromSeconds(11));

        using var consumer = Assigned("t", IsolationLevel.ReadCommitted);
        consumer.Consume(TimeSpan.Zero).Should().BeNull("the coordinator aborted the transaction");
        _cluster.LastStableOffset(new TopicPartition("t", 0)).Should().Be(2);
        var commit = () => producer.CommitTransaction();
        commit.Should().Throw<KafkaException>().Which.Error.Code.Should().Be(ErrorCode.ProducerFenced);
    }

    [Fact]
    public void AbortTimedOutTransactions_aborts_only_transactions_past_their_timeout_without_any_consumer_polling()
    {
        _cluster.CreateTopic("t", 1);
        var producer = _supplier.GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig { TransactionalId = "tx-timer", TransactionTimeoutMs = 1_000 }));
        producer.InitTransactions(s_wait);
        producer.BeginTransaction();
        Send(producer, "t", "left-open");
        _cluster.AbortTimedOutTransactions().Should().Be(0, "the transaction is within its timeout");
        _cluster.LastStableOffset(new TopicPartition("t", 0)).Should().Be(0);
        _clock.Advance(TimeSpan.FromSeconds(2));
        _cluster.AbortTimedOutTransactions().Should().Be(1);
        _cluster.LastStableOffset(new TopicPartition("t", 0)).Should().Be(2, "the abort marker took offset 1");
        producer.Invoking(p => p.CommitTransaction()).Should().Throw<KafkaException>().Which.Error.Code.Should().Be(ErrorCode.ProducerFenced);
    }

    [Fact]
    public void MockProducerTest_producing_outside_a_transaction_with_a_transactional_id_is_refused()
    {
        _cluster.CreateTopic("t", 1);
        using var producer = Transactional("tx-state");
        var produce = () => producer.Produce("t", Message("x"));
        produce.Should().Throw<ProduceException<byte[], byte[]>>().Which.Error.Code.Should().Be(ErrorCode.Local_State);
    }

    // ---- Groups (classic protocol): ConsumerCoordinatorTest, GroupCoordinatorTest ----

    [Fact]
    public void ConsumerCoordinatorTest_eager_members_revoke_everything_before_rejoining_and_share_by_range()
    {
        _cluster.CreateTopic("in", 4);
        var eventsA = new List<string>();
        using var a = Subscribed("g", "in", cooperative: false, eventsA);
        a.Consume(TimeSpan.Zero);
        eventsA.Should().Equal("assigned in-0,in-1,in-2,in-3");
        _cluster.GroupGeneration("g").Should().Be(1);

        var eventsB = new List<string>();
        using var b = Subscribed("g", "in", cooperative: false, eventsB);
        b.Consume(TimeSpan.Zero);
        eventsB.Should().BeEmpty("B waits for A to rejoin");
        a.Consume(TimeSpan.Zero);
        b.Consume(TimeSpan.Zero);

        eventsA.Should().Equal("assigned in-0,in-1,in-2,in-3", "revoked in-0,in-1,in-2,in-3", "assigned in-0,in-1");
        eventsB.Should().Equal("assigned in-2,in-3");
        _cluster.GroupGeneration("g").Should().Be(2);
        a.Assignment.Should().BeEquivalentTo([new TopicPartition("in", 0), new TopicPartition("in", 1)]);
    }

    [Fact]
    public void ConsumerCoordinatorTest_cooperative_members_revoke_only_what_moves_and_the_moved_partitions_come_one_generation_later()
    {
        _cluster.CreateTopic("in", 4);
        var eventsA = new List<string>();
        using var a = Subscribed("g", "in", cooperative: true, eventsA);
        a.Consume(TimeSpan.Zero);
        var eventsB = new List<string>();
        using var b = Subscribed("g", "in", cooperative: true, eventsB);
        b.Consume(TimeSpan.Zero);
        a.Consume(TimeSpan.Zero); // generation 2: A keeps two partitions and revokes two; B gets none yet; A rejoins
        b.Consume(TimeSpan.Zero);
        a.Consume(TimeSpan.Zero); // generation 3: the revoked partitions go to B
        b.Consume(TimeSpan.Zero);

        eventsA.Should().Equal("assigned in-0,in-1,in-2,in-3", "revoked in-2,in-3", "assigned ", "assigned ");
        eventsB.Should().Equal(["assigned in-2,in-3"], "A's rejoin after revoking withdrew B's empty generation-2 assignment before B synced (Kafka answers that SyncGroup with REBALANCE_IN_PROGRESS)");
        _cluster.GroupGeneration("g").Should().Be(3);
        a.Assignment.Should().BeEquivalentTo([new TopicPartition("in", 0), new TopicPartition("in", 1)]);
        b.Assignment.Should().BeEquivalentTo([new TopicPartition("in", 2), new TopicPartition("in", 3)]);
    }

    [Fact]
    public void GroupCoordinatorTest_plain_commits_are_refused_while_the_group_completes_a_rebalance_and_from_unknown_members_but_transactional_ones_are_not()
    {
        _cluster.CreateTopic("in", 3);
        var tp = new TopicPartition("in", 0);
        using var a = Subscribed("g", "in", cooperative: true);
        a.Consume(TimeSpan.Zero);
        using var b = Subscribed("g", "in", cooperative: true);
        b.Consume(TimeSpan.Zero);
        a.Commit([new TopicPartitionOffset(tp, 1)]); // PreparingRebalance with A's current generation: accepted, as Kafka
        _cluster.CommittedOffset("g", tp).Should().Be(1);

        a.Consume(TimeSpan.Zero);
        b.Consume(TimeSpan.Zero);
        a.Consume(TimeSpan.Zero);
        b.Consume(TimeSpan.Zero); // stable again: A and B each own partitions
        using var c = Subscribed("g", "in", cooperative: true);
        c.Consume(TimeSpan.Zero); // C joins: the group prepares a rebalance
        a.Consume(TimeSpan.Zero); // A (the leader) rejoins
        b.Consume(TimeSpan.Zero); // B completes the join and picks up its assignment; A has not synced yet

        var commit = () => a.Commit([new TopicPartitionOffset(tp, 2)]);
        commit.Should().Throw<KafkaException>().Which.Error.Code.Should().Be(ErrorCode.RebalanceInProgress);
        _cluster.CommittedOffset("g", tp).Should().Be(1);

        // ClassicGroup#validateOffsetCommit does not enforce the group's state on transactional offset commits.
        using (var producer = Transactional("tx-during-rebalance"))
        {
            producer.BeginTransaction();
            producer.SendOffsetsToTransaction([new TopicPartitionOffset(tp, 4)], a.ConsumerGroupMetadata, s_wait);
            producer.CommitTransaction();
        }

        _cluster.CommittedOffset("g", tp).Should().Be(4);

        using var outsider = _supplier.GetRestoreConsumer(new KafkaConsumerRequest(KafkaClientRole.RestoreConsumer, new ConsumerConfig { GroupId = "g" }));
        var outsiderCommit = () => outsider.Commit([new TopicPartitionOffset(tp, 3)]);
        outsiderCommit.Should().Throw<KafkaException>().Which.Error.Code.Should().Be(ErrorCode.UnknownMemberId, "a group with members takes commits from its members only");
    }

    [Fact]
    public void A_member_that_does_not_poll_within_max_poll_interval_leaves_the_group_and_then_loses_its_partitions()
    {
        _cluster.CreateTopic("in", 2);
        var eventsA = new List<string>();
        using var a = Subscribed("g", "in", cooperative: true, eventsA, maxPollIntervalMs: 10_000);
        a.Consume(TimeSpan.Zero);
        _clock.Advance(TimeSpan.FromSeconds(11));
        using var b = Subscribed("g", "in", cooperative: true);
        b.Consume(TimeSpan.Zero);
        b.Assignment.Should().HaveCount(2, "A was removed from the group, so B alone is assigned everything");

        a.Consume(TimeSpan.Zero);
        eventsA.Should().StartWith("assigned in-0,in-1", "lost in-0,in-1");
    }

    [Fact]
    public void A_crashed_member_does_not_leave_the_group_but_expires_after_session_timeout_and_its_open_transaction_holds_the_LSO_until_fenced()
    {
        _cluster.CreateTopic("in", 2);
        _cluster.CreateTopic("out", 1);
        var process = new InMemoryKafkaClientSupplier(_cluster);
        var a = process.GetConsumer(new KafkaConsumerRequest(KafkaClientRole.MainConsumer, new ConsumerConfig
        {
            GroupId = "g", ClientId = "a", SessionTimeoutMs = 10_000, PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        }));
        a.Subscribe("in");
        a.Consume(TimeSpan.Zero);
        a.Assignment.Should().HaveCount(2);
        var producer = process.GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig { TransactionalId = "tx-crash" }));
        producer.InitTransactions(s_wait);
        producer.BeginTransaction();
        Send(producer, "out", "in-flight");

        process.Crash();
        process.Crashed.Should().BeTrue();
        a.Invoking(c => c.Consume(TimeSpan.Zero)).Should().Throw<KafkaException>().Which.Error.Code.Should().Be(ErrorCode.Local_AllBrokersDown);
        producer.Invoking(p => p.CommitTransaction()).Should().Throw<KafkaException>("a crashed producer's requests reach nothing");
        a.Dispose();
        producer.Dispose();

        using var b = Subscribed("g", "in", cooperative: true);
        b.Consume(TimeSpan.Zero);
        b.Assignment.Should().BeEmpty("the crashed member did not leave: the rebalance waits for it");
        _cluster.LastStableOffset(new TopicPartition("out", 0)).Should().Be(0, "the crashed producer's transaction is still open");
        _clock.Advance(TimeSpan.FromSeconds(10));
        b.Consume(TimeSpan.Zero);
        b.Assignment.Should().HaveCount(2, "session.timeout.ms passed without a heartbeat: the coordinator expired the crashed member");

        using var successor = Transactional("tx-crash");
        _cluster.LastStableOffset(new TopicPartition("out", 0)).Should().Be(2, "the next epoch aborted the crashed producer's transaction (one record, one marker)");
        _cluster.CommittedRecords("out").Should().BeEmpty();
    }

    // ---- Consumer positions: MockConsumerTest ----

    [Fact]
    public void MockConsumerTest_seek_pause_and_resume_steer_what_is_consumed()
    {
        _cluster.CreateTopic("t", 2);
        using (var producer = Plain())
        {
            for (var i = 0; i < 3; i++)
            {
                producer.Produce(new TopicPartition("t", 0), Message($"p0-{i}"));
                producer.Produce(new TopicPartition("t", 1), Message($"p1-{i}"));
            }
        }

        using var consumer = Assigned("t", IsolationLevel.ReadCommitted, partitions: 2);
        consumer.Pause([new TopicPartition("t", 1)]);
        Values(ConsumeAvailable(consumer)).Should().Equal("p0-0", "p0-1", "p0-2");
        consumer.Seek(new TopicPartitionOffset("t", 0, 1));
        consumer.Resume([new TopicPartition("t", 1)]);
        Values(ConsumeAvailable(consumer)).Should().BeEquivalentTo("p0-1", "p0-2", "p1-0", "p1-1", "p1-2");
        consumer.Position(new TopicPartition("t", 0)).Value.Should().Be(3);
    }

    [Fact]
    public void A_position_before_the_log_start_is_reset_by_auto_offset_reset_after_records_are_deleted()
    {
        _cluster.CreateTopic("t", 1);
        using (var producer = Plain())
        {
            Send(producer, "t", "a", "b", "c", "d");
        }

        _cluster.DeleteRecords(new TopicPartition("t", 0), 2);
        using var consumer = Assigned("t", IsolationLevel.ReadCommitted);
        consumer.Seek(new TopicPartitionOffset("t", 0, 0));
        Values(ConsumeAvailable(consumer)).Should().Equal("c", "d");
        _cluster.Watermarks(new TopicPartition("t", 0)).Low.Value.Should().Be(2);
    }

    [Fact]
    public void LogCleanerTest_compaction_keeps_the_newest_record_of_each_key_and_offsets_do_not_change()
    {
        _cluster.CreateTopic("t", 1, new Dictionary<string, string> { ["cleanup.policy"] = "compact" });
        using (var producer = Plain())
        {
            foreach (var (k, v) in new[] { ("a", "1"), ("b", "1"), ("a", "2"), ("c", "1"), ("b", "2") })
            {
                producer.Produce("t", new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(k), Value = Encoding.UTF8.GetBytes(v) });
            }
        }

        _cluster.Compact("t");
        _cluster.Records(new TopicPartition("t", 0)).Select(r => (r.Offset, Encoding.UTF8.GetString(r.Key!), Encoding.UTF8.GetString(r.Value!)))
            .Should().Equal((2L, "a", "2"), (3L, "c", "1"), (4L, "b", "2"));
        using var consumer = Assigned("t", IsolationLevel.ReadCommitted);
        ConsumeAvailable(consumer).Select(r => r.Offset.Value).Should().Equal(2, 3, 4);
    }

    private static Message<byte[], byte[]> Message(string value) => new() { Key = null!, Value = Encoding.UTF8.GetBytes(value) };

    private static void Send(IProducer<byte[], byte[]> producer, string topic, params string[] values)
    {
        foreach (var v in values)
        {
            producer.Produce(new TopicPartition(topic, 0), Message(v));
        }
    }

    private static List<string> Values(IEnumerable<ConsumeResult<byte[], byte[]>> records) => records.Select(r => Encoding.UTF8.GetString(r.Message.Value)).ToList();

    private static List<ConsumeResult<byte[], byte[]>> ConsumeAvailable(IConsumer<byte[], byte[]> consumer)
    {
        var results = new List<ConsumeResult<byte[], byte[]>>();
        while (consumer.Consume(TimeSpan.Zero) is { } r)
        {
            results.Add(r);
        }

        return results;
    }

    private IProducer<byte[], byte[]> Plain() => _supplier.GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig()));

    private IProducer<byte[], byte[]> Transactional(string id)
    {
        var producer = _supplier.GetProducer(new KafkaProducerRequest(KafkaClientRole.Producer, new ProducerConfig { TransactionalId = id }));
        producer.InitTransactions(s_wait);
        return producer;
    }

    private List<ConsumeResult<byte[], byte[]>> ReadAll(string topic, IsolationLevel isolation, int expected)
    {
        using var consumer = Assigned(topic, isolation);
        var records = ConsumeAvailable(consumer);
        records.Should().HaveCount(expected);
        return records;
    }

    private IConsumer<byte[], byte[]> Assigned(string topic, IsolationLevel isolation, int partitions = 1)
    {
        var consumer = _supplier.GetRestoreConsumer(new KafkaConsumerRequest(
            KafkaClientRole.RestoreConsumer, new ConsumerConfig { IsolationLevel = isolation, AutoOffsetReset = AutoOffsetReset.Earliest }));
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        return consumer;
    }

    private IConsumer<byte[], byte[]> Subscribed(string group, string topic, bool cooperative, List<string>? events = null, int? maxPollIntervalMs = null)
    {
        var config = new ConsumerConfig
        {
            GroupId = group,
            ClientId = group + "-member",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = cooperative ? PartitionAssignmentStrategy.CooperativeSticky : PartitionAssignmentStrategy.Range,
            MaxPollIntervalMs = maxPollIntervalMs,
        };
        static string List(IEnumerable<TopicPartition> tps) => string.Join(",", tps.Select(tp => $"{tp.Topic}-{tp.Partition.Value}"));
        var request = new KafkaConsumerRequest(KafkaClientRole.MainConsumer, config)
        {
            PartitionsAssignedHandler = (_, tps) => events?.Add("assigned " + List(tps)),
            PartitionsRevokedHandler = (_, tps) => events?.Add("revoked " + List(tps.Select(t => t.TopicPartition))),
            PartitionsLostHandler = cooperative ? (_, tps) => events?.Add("lost " + List(tps.Select(t => t.TopicPartition))) : null,
        };
        var consumer = _supplier.GetConsumer(request);
        consumer.Subscribe(topic);
        return consumer;
    }

    /// <summary>A clock that moves only when told (Kafka's <c>MockTime</c>).</summary>
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan delta) => _now += delta;
    }
}
