using Streams.Dsl;
using Streams.RocksDb;
using Streams.Serialization;
using Streams.State;
using Streams.TestDriver.Tests.Support;
using Streams.Testing;

namespace Streams.TestDriver.Tests.KafkaParity;

/// <summary>
/// Kafka Streams' <c>streams/src/test/java/org/apache/kafka/streams/integration/KTableKTableForeignKeyJoinIntegrationTest.java</c>,
/// through the driver, asserting with <see cref="TestOutputTopic{TKey, TValue}.ReadKeyValuesToMap"/> as Kafka's test does:
/// a key whose last record is a tombstone stays in the map with a null value. Kafka's parameters are kept: inner or left
/// join, topology optimization, a queryable result store "store" (in memory, no cache), a rejoin of the result with the
/// left table, and versioned left/right tables (5 minutes of history); <see cref="TestCases"/> is Kafka's
/// <c>testCases()</c> (the union of <c>data()</c> and <c>versionedData()</c>). Not ported: the subscription-store
/// assertions of shouldEmitRecordWhenOldAndNewFkDiffer (Kafka's internal store key layout); its results are asserted.
/// </summary>
public class KTableKTableForeignKeyJoinIntegrationTest
{
    private const long BaseTimestamp = 1_000;

    /// <summary>Kafka's <c>testCases()</c>: (leftJoin, optimize, materialized, rejoin, leftVersioned, rightVersioned).</summary>
    public static TheoryData<bool, bool, bool, bool, bool, bool> TestCases()
    {
        bool[] both = [true, false];
        var cases = new HashSet<(bool, bool, bool, bool, bool, bool)>();
        foreach (var leftJoin in both)
        {
            foreach (var materialized in both)
            {
                foreach (var optimize in both)
                {
                    foreach (var rejoin in both)
                    {
                        cases.Add((leftJoin, optimize, materialized, rejoin, false, false));
                    }
                }

                foreach (var leftVersioned in both)
                {
                    foreach (var rightVersioned in both)
                    {
                        cases.Add((leftJoin, false, materialized, false, leftVersioned, rightVersioned));
                    }
                }
            }
        }

        var data = new TheoryData<bool, bool, bool, bool, bool, bool>();
        foreach (var (a, b, c, d, e, f) in cases)
        {
            data.Add(a, b, c, d, e, f);
        }

        return data;
    }

    /// <summary>Kafka's <c>testCasesWithoutLeftJoinArg()</c>.</summary>
    public static TheoryData<bool, bool, bool, bool, bool> TestCasesWithoutLeftJoinArg()
    {
        var data = new TheoryData<bool, bool, bool, bool, bool>();
        foreach (var row in TestCases().Where(row => (bool)row[0]))
        {
            data.Add((bool)row[1], (bool)row[2], (bool)row[3], (bool)row[4], (bool)row[5]);
        }

        return data;
    }

    /// <summary>Kafka's <c>versionedDataTestCases()</c>: no optimization, no rejoin.</summary>
    public static TheoryData<bool, bool, bool, bool> VersionedDataTestCases()
    {
        bool[] both = [true, false];
        var data = new TheoryData<bool, bool, bool, bool>();
        foreach (var leftJoin in both)
        {
            foreach (var materialized in both)
            {
                foreach (var leftVersioned in both)
                {
                    foreach (var rightVersioned in both)
                    {
                        data.Add(leftJoin, materialized, leftVersioned, rightVersioned);
                    }
                }
            }
        }

        return data;
    }

    // KTableKTableForeignKeyJoinIntegrationTest#doJoinFromLeftThenDeleteLeftEntity
    [Theory]
    [MemberData(nameof(TestCases))]
    public void DoJoinFromLeftThenDeleteLeftEntity(bool leftJoin, bool optimize, bool materialized, bool rejoin, bool leftVersioned, bool rightVersioned)
    {
        using var fk = new FkJoin(leftJoin, optimize, materialized, rejoin, leftVersioned, rightVersioned);

        fk.Right.PipeInput("rhs1", "rhsValue1", BaseTimestamp);
        fk.Right.PipeInput("rhs2", "rhsValue2", BaseTimestamp + 1);
        fk.Right.PipeInput("rhs3", "rhsValue3", BaseTimestamp + 2); // this unreferenced FK won't show up in any results
        fk.Check([], rejoined: [], store: []);

        fk.Left.PipeInput("lhs1", "lhsValue1|rhs1", BaseTimestamp + 3);
        fk.Left.PipeInput("lhs2", "lhsValue2|rhs2", BaseTimestamp + 4);
        fk.Check(
            Map(("lhs1", "(lhsValue1|rhs1,rhsValue1)"), ("lhs2", "(lhsValue2|rhs2,rhsValue2)")),
            rejoined: Map(("lhs1", "rejoin((lhsValue1|rhs1,rhsValue1),lhsValue1|rhs1)"), ("lhs2", "rejoin((lhsValue2|rhs2,rhsValue2),lhsValue2|rhs2)")),
            store: Map(("lhs1", "(lhsValue1|rhs1,rhsValue1)"), ("lhs2", "(lhsValue2|rhs2,rhsValue2)")));

        // Add another reference to an existing FK
        fk.Left.PipeInput("lhs3", "lhsValue3|rhs1", BaseTimestamp + 5);
        fk.Check(
            Map(("lhs3", "(lhsValue3|rhs1,rhsValue1)")),
            rejoined: Map(("lhs3", "rejoin((lhsValue3|rhs1,rhsValue1),lhsValue3|rhs1)")),
            store: Map(("lhs1", "(lhsValue1|rhs1,rhsValue1)"), ("lhs2", "(lhsValue2|rhs2,rhsValue2)"), ("lhs3", "(lhsValue3|rhs1,rhsValue1)")));

        // Now delete one LHS entity such that one delete is propagated down to the output.
        fk.Left.PipeInput("lhs1", null, BaseTimestamp + 6);
        fk.Check(
            Map(("lhs1", null)),
            rejoined: Map(("lhs1", null)),
            store: Map(("lhs2", "(lhsValue2|rhs2,rhsValue2)"), ("lhs3", "(lhsValue3|rhs1,rhsValue1)")));
    }

    // KTableKTableForeignKeyJoinIntegrationTest#shouldEmitTombstoneWhenDeletingNonJoiningRecords
    [Theory]
    [MemberData(nameof(TestCases))]
    public void ShouldEmitTombstoneWhenDeletingNonJoiningRecords(bool leftJoin, bool optimize, bool materialized, bool rejoin, bool leftVersioned, bool rightVersioned)
    {
        using var fk = new FkJoin(leftJoin, optimize, materialized, rejoin, leftVersioned, rightVersioned);

        fk.Left.PipeInput("lhs1", "lhsValue1|rhs1", BaseTimestamp);
        var expected = leftJoin ? Map(("lhs1", "(lhsValue1|rhs1,null)")) : [];
        fk.Check(expected, store: expected);

        // Deleting a non-joining record produces an unnecessary tombstone for inner joins, because it's not possible
        // to know whether a result was previously emitted. For the left join, the tombstone is necessary.
        fk.Left.PipeInput("lhs1", null, BaseTimestamp + 1);
        fk.Check(Map(("lhs1", null)), store: []);

        // Deleting a non-existing record is idempotent
        fk.Left.PipeInput("lhs1", null, BaseTimestamp + 2);
        fk.Check([], store: []);
    }

    // KTableKTableForeignKeyJoinIntegrationTest#shouldNotEmitTombstonesWhenDeletingNonExistingRecords
    [Theory]
    [MemberData(nameof(TestCases))]
    public void ShouldNotEmitTombstonesWhenDeletingNonExistingRecords(bool leftJoin, bool optimize, bool materialized, bool rejoin, bool leftVersioned, bool rightVersioned)
    {
        using var fk = new FkJoin(leftJoin, optimize, materialized, rejoin, leftVersioned, rightVersioned);

        fk.Left.PipeInput("lhs1", null, BaseTimestamp);
        fk.Check([], store: []);
    }

    // KTableKTableForeignKeyJoinIntegrationTest#joinShouldProduceNullsWhenValueHasNonMatchingForeignKey
    [Theory]
    [MemberData(nameof(TestCases))]
    public void JoinShouldProduceNullsWhenValueHasNonMatchingForeignKey(bool leftJoin, bool optimize, bool materialized, bool rejoin, bool leftVersioned, bool rightVersioned)
    {
        using var fk = new FkJoin(leftJoin, optimize, materialized, rejoin, leftVersioned, rightVersioned);

        // no output for a new inner join on a non-existent FK; the left join emits the half-joined output
        fk.Left.PipeInput("lhs1", "lhsValue1|rhs1", BaseTimestamp);
        fk.Check(leftJoin ? Map(("lhs1", "(lhsValue1|rhs1,null)")) : [], store: leftJoin ? Map(("lhs1", "(lhsValue1|rhs1,null)")) : []);

        // "moving" the subscription to another non-existent FK: an unnecessary tombstone for the inner join, a
        // necessary update for the left join
        fk.Left.PipeInput("lhs1", "lhsValue1|rhs2", BaseTimestamp + 1);
        fk.Check(Map(("lhs1", leftJoin ? "(lhsValue1|rhs2,null)" : null)), store: leftJoin ? Map(("lhs1", "(lhsValue1|rhs2,null)")) : []);

        fk.Left.PipeInput("lhs1", "lhsValue1|rhs3", BaseTimestamp + 2);
        fk.Check(Map(("lhs1", leftJoin ? "(lhsValue1|rhs3,null)" : null)), store: leftJoin ? Map(("lhs1", "(lhsValue1|rhs3,null)")) : []);

        // an RHS record for a key no longer referenced changes nothing
        fk.Right.PipeInput("rhs1", "rhsValue1", BaseTimestamp + 3);
        fk.Check([], store: leftJoin ? Map(("lhs1", "(lhsValue1|rhs3,null)")) : []);

        // changing to a FK that exists completes the join
        fk.Left.PipeInput("lhs1", "lhsValue1|rhs1", BaseTimestamp + 4);
        fk.Check(Map(("lhs1", "(lhsValue1|rhs1,rhsValue1)")), store: Map(("lhs1", "(lhsValue1|rhs1,rhsValue1)")));

        // and moving again to a non-existent one: a tombstone for the inner join, an update for the left join
        fk.Left.PipeInput("lhs1", "lhsValue1|rhs2", BaseTimestamp + 5);
        fk.Check(Map(("lhs1", leftJoin ? "(lhsValue1|rhs2,null)" : null)), store: leftJoin ? Map(("lhs1", "(lhsValue1|rhs2,null)")) : []);
    }

    // KTableKTableForeignKeyJoinIntegrationTest#shouldUnsubscribeOldForeignKeyIfLeftSideIsUpdated
    [Theory]
    [MemberData(nameof(TestCases))]
    public void ShouldUnsubscribeOldForeignKeyIfLeftSideIsUpdated(bool leftJoin, bool optimize, bool materialized, bool rejoin, bool leftVersioned, bool rightVersioned)
    {
        using var fk = new FkJoin(leftJoin, optimize, materialized, rejoin, leftVersioned, rightVersioned);

        fk.Right.PipeInput("rhs1", "rhsValue1", BaseTimestamp);
        fk.Right.PipeInput("rhs2", "rhsValue2", BaseTimestamp + 1);
        fk.Check([], store: []);

        fk.Left.PipeInput("lhs1", "lhsValue1|rhs1", BaseTimestamp + 2);
        fk.Check(Map(("lhs1", "(lhsValue1|rhs1,rhsValue1)")), store: Map(("lhs1", "(lhsValue1|rhs1,rhsValue1)")));

        // Change LHS foreign key reference
        fk.Left.PipeInput("lhs1", "lhsValue1|rhs2", BaseTimestamp + 3);
        fk.Check(Map(("lhs1", "(lhsValue1|rhs2,rhsValue2)")), store: Map(("lhs1", "(lhsValue1|rhs2,rhsValue2)")));

        // Populate RHS update on old LHS foreign key ref
        fk.Right.PipeInput("rhs1", "rhsValue1Delta", BaseTimestamp + 4);
        fk.Check([], store: Map(("lhs1", "(lhsValue1|rhs2,rhsValue2)")));
    }

    // KTableKTableForeignKeyJoinIntegrationTest#shouldEmitRecordOnNullForeignKeyForLeftJoins
    [Theory]
    [MemberData(nameof(TestCasesWithoutLeftJoinArg))]
    public void ShouldEmitRecordOnNullForeignKeyForLeftJoins(bool optimize, bool materialized, bool rejoin, bool leftVersioned, bool rightVersioned)
    {
        using var fk = new FkJoin(leftJoin: true, optimize, materialized, rejoin, leftVersioned, rightVersioned, _ => null);

        fk.Left.PipeInput("lhs1", "lhsValue1|rhs1", BaseTimestamp);
        fk.Check(Map(("lhs1", "(lhsValue1|rhs1,null)")), store: Map(("lhs1", "(lhsValue1|rhs1,null)")));
    }

    // KTableKTableForeignKeyJoinIntegrationTest#shouldEmitRecordWhenOldAndNewFkDiffer (results only)
    [Theory]
    [MemberData(nameof(TestCasesWithoutLeftJoinArg))]
    public void ShouldEmitRecordWhenOldAndNewFkDiffer(bool optimize, bool materialized, bool rejoin, bool leftVersioned, bool rightVersioned)
    {
        using var fk = new FkJoin(
            leftJoin: true, optimize, materialized, rejoin, leftVersioned, rightVersioned, value => value.Split('|')[1] is var fkey && fkey == "returnNull" ? null : fkey);

        fk.Left.PipeInput("lhs1", "lhsValue1|rhs1", BaseTimestamp);
        fk.Check(Map(("lhs1", "(lhsValue1|rhs1,null)")), store: Map(("lhs1", "(lhsValue1|rhs1,null)")));

        fk.Left.PipeInput("lhs1", "lhsValue1|returnNull", BaseTimestamp);
        fk.Check(Map(("lhs1", "(lhsValue1|returnNull,null)")), store: Map(("lhs1", "(lhsValue1|returnNull,null)")));
    }

    // KTableKTableForeignKeyJoinIntegrationTest#shouldIgnoreOutOfOrderRecordsIffVersioned
    [Theory]
    [MemberData(nameof(VersionedDataTestCases))]
    public void ShouldIgnoreOutOfOrderRecordsIffVersioned(bool leftJoin, bool materialized, bool leftVersioned, bool rightVersioned)
    {
        using var fk = new FkJoin(leftJoin, optimize: false, materialized, rejoin: false, leftVersioned, rightVersioned);
        using var drops = new DroppedRecordsMeter();

        fk.Right.PipeInput("rhs1", "rhsValue1", BaseTimestamp + 4);
        fk.Check([], store: []);

        // LHS records with match to existing RHS record
        fk.Left.PipeInput("lhs1", "lhsValue1|rhs1", BaseTimestamp + 3);
        fk.Left.PipeInput("lhs2", "lhsValue2|rhs1", BaseTimestamp + 5);
        var both = Map(("lhs1", "(lhsValue1|rhs1,rhsValue1)"), ("lhs2", "(lhsValue2|rhs1,rhsValue1)"));
        fk.Check(both, store: both);

        // replace with tombstone, to validate behavior when latest record is null
        fk.Left.PipeInput("lhs2", null, BaseTimestamp + 6);
        fk.Check(Map(("lhs2", null)), store: Map(("lhs1", "(lhsValue1|rhs1,rhsValue1)")));

        // out-of-order LHS record (for existing key) does not produce a new result iff LHS is versioned
        fk.Left.PipeInput("lhs1", "lhsValue1_ooo|rhs1", BaseTimestamp + 2);
        fk.Left.PipeInput("lhs2", "lhsValue2_ooo|rhs1", BaseTimestamp + 2);
        if (leftVersioned)
        {
            fk.Check([], store: Map(("lhs1", "(lhsValue1|rhs1,rhsValue1)")));
        }
        else
        {
            var ooo = Map(("lhs1", "(lhsValue1_ooo|rhs1,rhsValue1)"), ("lhs2", "(lhsValue2_ooo|rhs1,rhsValue1)"));
            fk.Check(ooo, store: ooo);
        }

        // out-of-order LHS tombstone (for existing key) is similarly ignored (iff LHS is versioned)
        fk.Left.PipeInput("lhs1", null, BaseTimestamp + 2);
        if (leftVersioned)
        {
            fk.Check([], store: Map(("lhs1", "(lhsValue1|rhs1,rhsValue1)")));
        }
        else
        {
            fk.Check(Map(("lhs1", null)), store: Map(("lhs2", "(lhsValue2_ooo|rhs1,rhsValue1)")));
        }

        // LHS record with larger timestamp always produces a new result
        fk.Left.PipeInput("lhs1", "lhsValue1_new|rhs1", BaseTimestamp + 8);
        fk.Left.PipeInput("lhs2", "lhsValue2_new|rhs1", BaseTimestamp + 8);
        var fresh = Map(("lhs1", "(lhsValue1_new|rhs1,rhsValue1)"), ("lhs2", "(lhsValue2_new|rhs1,rhsValue1)"));
        fk.Check(fresh, store: fresh);

        // out-of-order RHS record (for existing key) does not produce a new result iff RHS is versioned
        fk.Right.PipeInput("rhs1", "rhsValue1_ooo", BaseTimestamp + 1);
        if (rightVersioned)
        {
            fk.Check([], store: fresh);
        }
        else
        {
            var ooo = Map(("lhs1", "(lhsValue1_new|rhs1,rhsValue1_ooo)"), ("lhs2", "(lhsValue2_new|rhs1,rhsValue1_ooo)"));
            fk.Check(ooo, store: ooo);
        }

        // out-of-order RHS tombstone (for existing key) is similarly ignored (iff RHS is versioned)
        fk.Right.PipeInput("rhs1", null, BaseTimestamp + 1);
        if (rightVersioned)
        {
            fk.Check([], store: fresh);
        }
        else if (leftJoin)
        {
            var halves = Map(("lhs1", "(lhsValue1_new|rhs1,null)"), ("lhs2", "(lhsValue2_new|rhs1,null)"));
            fk.Check(halves, store: halves);
        }
        else
        {
            fk.Check(Map(("lhs1", null), ("lhs2", null)), store: []);
        }

        // RHS record with larger timestamps always produces new results
        fk.Right.PipeInput("rhs1", "rhsValue1_new", BaseTimestamp + 6);
        var latest = Map(("lhs1", "(lhsValue1_new|rhs1,rhsValue1_new)"), ("lhs2", "(lhsValue2_new|rhs1,rhsValue1_new)"));
        fk.Check(latest, store: latest);

        // Kafka's SubscriptionSendProcessorSupplier and ForeignTableJoinProcessorSupplier count each skipped
        // out-of-order record (droppedRecordsSensor.record()): three on the left, two on the right.
        drops.Reasons.Count(r => r == "out-of-order versioned update").Should().Be((leftVersioned ? 3 : 0) + (rightVersioned ? 2 : 0));
    }

    private static Dictionary<string, string?> Map(params (string Key, string? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);

    /// <summary>Kafka's <c>getTopology(...)</c> and the driver around it.</summary>
    private sealed class FkJoin : IDisposable
    {
        private readonly TopologyTestDriver _driver;
        private readonly TestOutputTopic<string?, string?> _output;
        private readonly TestOutputTopic<string?, string?>? _rejoinOutput;
        private readonly bool _materialized;

        public FkJoin(
            bool leftJoin, bool optimize, bool materialized, bool rejoin, bool leftVersioned, bool rightVersioned, Func<string, string?>? extractor = null)
        {
            extractor ??= value => value.Split('|')[1];
            _materialized = materialized;
            var builder = new StreamsBuilder(new TopologyOptions { Optimization = optimize ? TopologyOptimization.All : TopologyOptimization.None });
            var consumed = Consumed<string?, string?>.With(Serdes.String, Serdes.String);
            var left = leftVersioned
                ? builder.Table("left_table", consumed, Materialized<string?, string?>.As(RocksDbStores.PersistentVersionedKeyValueStore("left", TimeSpan.FromMinutes(5))))
                : builder.Table("left_table", consumed);
            var right = rightVersioned
                ? builder.Table("right_table", consumed, Materialized<string?, string?>.As(RocksDbStores.PersistentVersionedKeyValueStore("right", TimeSpan.FromMinutes(5))))
                : builder.Table("right_table", consumed);
            static string Joiner(string? value1, string? value2) => $"({value1 ?? "null"},{value2 ?? "null"})";
            static string Rejoiner(string? value1, string? value2) => $"rejoin({value1 ?? "null"},{value2 ?? "null"})";

            // the cache suppresses some of the unnecessary tombstones the tests assert
            var mainMaterialized = materialized
                ? Materialized<string?, string?>.As(Stores.InMemoryKeyValueStore("store")).WithValueSerde(Serdes.String).WithCachingDisabled()
                : Materialized<string?, string?>.With(null, Serdes.String).WithCachingDisabled();
            var rejoinMaterialized = materialized
                ? Materialized<string?, string?>.As(Stores.InMemoryKeyValueStore("store-rejoin")).WithValueSerde(Serdes.String).WithCachingDisabled()
                : Materialized<string?, string?>.With(null, Serdes.String);
            var produced = Produced<string?, string?>.With(Serdes.String, Serdes.String);
            var fkJoin = leftJoin
                ? left.LeftJoin(right, v => extractor(v!), Joiner, materialized: mainMaterialized)
                : left.Join(right, v => extractor(v!), Joiner, materialized: mainMaterialized);
            fkJoin.ToStream().To("output-topic", produced);
            if (rejoin)
            {
                (leftJoin ? fkJoin.LeftJoin(left, Rejoiner, materialized: rejoinMaterialized) : fkJoin.Join(left, Rejoiner, materialized: rejoinMaterialized))
                    .ToStream().To("rejoin-output-topic", produced);
            }

            _driver = new TopologyTestDriver(builder.Build());
            Right = _driver.CreateInputTopic("right_table", Serdes.String, Serdes.String);
            Left = _driver.CreateInputTopic("left_table", Serdes.String, Serdes.String);
            _output = _driver.CreateOutputTopic("output-topic", Serdes.String, Serdes.String);
            _rejoinOutput = rejoin ? _driver.CreateOutputTopic("rejoin-output-topic", Serdes.String, Serdes.String) : null;
        }

        public TestInputTopic<string?, string?> Left { get; }

        public TestInputTopic<string?, string?> Right { get; }

        /// <summary>Kafka's assertions after each step: the output (as a map), the rejoin output when rejoining, the store when materialized.</summary>
        public void Check(Dictionary<string, string?> output, Dictionary<string, string?>? rejoined = null, Dictionary<string, string?>? store = null)
        {
            _output.ReadKeyValuesToMap().Should().BeEquivalentTo(output);
            if (_rejoinOutput is not null && rejoined is not null)
            {
                _rejoinOutput.ReadKeyValuesToMap().Should().BeEquivalentTo(rejoined);
            }

            if (_materialized && store is not null)
            {
                using var all = _driver.GetKeyValueStore<string?, string?>("store")!.All();
                all.ToDictionary(kv => kv.Key!, kv => kv.Value).Should().BeEquivalentTo(store);
            }
        }

        public void Dispose() => _driver.Dispose();
    }

    // KTableKTableForeignKeyJoinIntegrationTest#doJoinFromRightThenDeleteRightEntity (not materialized, no rejoin, unversioned).
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DoJoinFromRightThenDeleteRightEntity(bool leftJoin)
    {
        var builder = new StreamsBuilder();
        var left = builder.Table<string?, string?>("left_table");
        var right = builder.Table<string?, string?>("right_table");
        static string? ForeignKey(string? value) => value!.Split('|')[1];
        var joined = leftJoin
            ? left.LeftJoin(right, ForeignKey, (l, r) => $"({l},{r ?? "null"})")
            : left.Join(right, ForeignKey, (l, r) => $"({l},{r})");
        joined.ToStream().To("output", Produced<string?, string?>.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var rightInput = driver.CreateInputTopic("right_table", Serdes.String, Serdes.String);
        var leftInput = driver.CreateInputTopic("left_table", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("output", Serdes.String, Serdes.String);

        leftInput.PipeInput("lhs1", "lhsValue1|rhs1", BaseTimestamp);
        leftInput.PipeInput("lhs2", "lhsValue2|rhs2", BaseTimestamp + 1);
        leftInput.PipeInput("lhs3", "lhsValue3|rhs1", BaseTimestamp + 2);
        output.ReadKeyValuesToMap().Should().BeEquivalentTo(leftJoin
            ? new Dictionary<string, string?> { ["lhs1"] = "(lhsValue1|rhs1,null)", ["lhs2"] = "(lhsValue2|rhs2,null)", ["lhs3"] = "(lhsValue3|rhs1,null)" }
            : []);

        rightInput.PipeInput("rhs1", "rhsValue1", BaseTimestamp + 3);
        output.ReadKeyValuesToMap().Should().BeEquivalentTo(
            new Dictionary<string, string?> { ["lhs1"] = "(lhsValue1|rhs1,rhsValue1)", ["lhs3"] = "(lhsValue3|rhs1,rhsValue1)" });

        rightInput.PipeInput("rhs2", "rhsValue2", BaseTimestamp + 4);
        output.ReadKeyValuesToMap().Should().BeEquivalentTo(new Dictionary<string, string?> { ["lhs2"] = "(lhsValue2|rhs2,rhsValue2)" });

        rightInput.PipeInput("rhs3", "rhsValue3", BaseTimestamp + 5);   // an unreferenced foreign key: no result
        output.ReadKeyValuesToMap().Should().BeEmpty();

        // Deleting the right entity propagates to every left row referencing it: a tombstone for the inner join.
        rightInput.PipeInput("rhs1", null, BaseTimestamp + 6);
        output.ReadKeyValuesToMap().Should().BeEquivalentTo(
            new Dictionary<string, string?> { ["lhs1"] = leftJoin ? "(lhsValue1|rhs1,null)" : null, ["lhs3"] = leftJoin ? "(lhsValue3|rhs1,null)" : null });
    }
}

/// <summary>Kafka Streams' <c>streams/test-utils/src/test/java/org/apache/kafka/streams/TestTopicsTest.java</c>.</summary>
public class TestTopicsTest
{
    // TestTopicsTest#testKeyValuesToMapWithNull: a null key cannot go into the map.
    [Fact]
    public void TestKeyValuesToMapWithNull()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("input").To("output");
        using var driver = new TopologyTestDriver(builder.Build());
        driver.CreateInputTopic("input", Serdes.String, Serdes.String).PipeInput(null, "value");

        var read = () => driver.CreateOutputTopic("output", Serdes.String, Serdes.String).ReadKeyValuesToMap();

        read.Should().Throw<InvalidOperationException>();
    }

    // The tombstone case of TestOutputTopic#readKeyValuesToMap (output.put(key, null)): the key stays with a null value, also
    // for a value type read with a nullable serde.
    [Fact]
    public void TestKeyValuesToMapKeepsTombstones()
    {
        var builder = new StreamsBuilder();
        builder.Table<string, long>("input", Consumed<string, long>.With(Serdes.String!, Serdes.Int64))
            .ToStream().To("output", Produced<string, long>.With(Serdes.String!, Serdes.Int64));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("input", Serdes.String, Serdes.Nullable(Serdes.Int64));
        input.PipeInput("a", 1, 1);
        input.PipeInput("b", 2, 2);
        input.PipeInput("a", null, 3);

        driver.CreateOutputTopic("output", Serdes.String, Serdes.Nullable(Serdes.Int64)).ReadKeyValuesToMap()
            .Should().BeEquivalentTo(new Dictionary<string, long?> { ["a"] = null, ["b"] = 2 });
    }
}
