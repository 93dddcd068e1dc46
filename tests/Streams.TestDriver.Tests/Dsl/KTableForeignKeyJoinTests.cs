using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

/// <summary>
/// Foreign-key table-table joins through the driver, which runs the real subscription and response round trips
/// through the internal topics. Left values are "value|foreignKey" (no '|' means a null foreign key), as in Kafka
/// Streams' own KTableKTableForeignKeyJoinIntegrationTest.
/// </summary>
public class KTableForeignKeyJoinTests
{
    private static string? ForeignKey(string? value) => value!.Split('|') is [_, var fk] ? fk : null;

    private static string Joiner(string? left, string? right) => $"({left},{right ?? "null"})";

    private sealed record Fixture(TopologyTestDriver Driver, TestInputTopic<string?, string?> Left, TestInputTopic<string?, string?> Right, TestOutputTopic<string?, string?> Output) : IDisposable
    {
        public void Dispose() => Driver.Dispose();
    }

    private static Fixture Build(bool leftJoin, Materialized<string?, string>? materialized = null, Func<IKTable<string?, string>, IKTable<string?, string>>? downstream = null)
    {
        var builder = new StreamsBuilder();
        var left = builder.Table<string?, string?>("left");
        var right = builder.Table<string?, string?>("right");
        var joined = leftJoin
            ? left.LeftJoin(right, ForeignKey, Joiner, materialized: materialized)
            : left.Join(right, ForeignKey, (l, r) => Joiner(l, r), materialized: materialized);
        (downstream?.Invoke(joined) ?? joined).ToStream().To("out", Produced<string?, string?>.With(Serdes.String, Serdes.String));
        var driver = new TopologyTestDriver(builder.Build());
        return new Fixture(
            driver,
            driver.CreateInputTopic("left", Serdes.String, Serdes.String),
            driver.CreateInputTopic("right", Serdes.String, Serdes.String),
            driver.CreateOutputTopic("out", Serdes.String, Serdes.String));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_left_row_arriving_after_its_right_row_joins_at_once_with_the_later_timestamp(bool leftJoin)
    {
        using var f = Build(leftJoin);
        f.Right.PipeInput("rhs1", "rhsValue1", 10);
        f.Right.PipeInput("rhs3", "rhsValue3", 11);   // referenced by nobody: no output
        f.Left.PipeInput("lhs1", "lhsValue1|rhs1", 20);
        f.Right.PipeInput("rhs2", "rhsValue2", 40);
        f.Left.PipeInput("lhs2", "lhsValue2|rhs2", 30);

        f.Output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(
            ("lhs1", "(lhsValue1|rhs1,rhsValue1)", 20L),
            ("lhs2", "(lhsValue2|rhs2,rhsValue2)", 40L));
    }

    [Fact]
    public void Inner_join_of_a_left_row_arriving_before_its_right_row_emits_only_when_the_right_row_arrives()
    {
        using var f = Build(leftJoin: false);
        f.Left.PipeInput("lhs1", "lhsValue1|rhs1", 10);
        f.Output.IsEmpty.Should().BeTrue();

        f.Right.PipeInput("rhs1", "rhsValue1", 20);

        f.Output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(("lhs1", "(lhsValue1|rhs1,rhsValue1)", 20L));
    }

    [Fact]
    public void Left_join_of_a_left_row_arriving_before_its_right_row_emits_with_null_then_the_join()
    {
        using var f = Build(leftJoin: true);
        f.Left.PipeInput("lhs1", "lhsValue1|rhs1", 10);
        f.Right.PipeInput("rhs1", "rhsValue1", 20);

        f.Output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(
            ("lhs1", "(lhsValue1|rhs1,null)", 10L),
            ("lhs1", "(lhsValue1|rhs1,rhsValue1)", 20L));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_right_update_re_emits_the_join_of_every_left_row_subscribed_to_it_with_the_right_timestamp(bool leftJoin)
    {
        using var f = Build(leftJoin);
        f.Right.PipeInput("rhs1", "rhsValue1", 1);
        f.Right.PipeInput("rhs2", "rhsValue2", 2);
        f.Left.PipeInput("lhs1", "lhsValue1|rhs1", 3);
        f.Left.PipeInput("lhs2", "lhsValue2|rhs2", 4);
        f.Left.PipeInput("lhs3", "lhsValue3|rhs1", 5);
        f.Output.ReadRecordsToList();

        f.Right.PipeInput("rhs1", "rhsValue1b", 6);

        f.Output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(
            ("lhs1", "(lhsValue1|rhs1,rhsValue1b)", 6L),
            ("lhs3", "(lhsValue3|rhs1,rhsValue1b)", 6L));
    }

    [Fact]
    public void Many_left_rows_on_one_foreign_key_all_join_and_all_re_join_on_a_right_update()
    {
        using var f = Build(leftJoin: false);
        var keys = Enumerable.Range(0, 40).Select(i => $"order-{i:D2}").ToList();
        foreach (var key in keys)
        {
            f.Left.PipeInput(key, $"{key}|customer", 1);
        }

        f.Output.IsEmpty.Should().BeTrue();
        f.Right.PipeInput("customer", "v1", 2);
        f.Right.PipeInput("customer-2", "other", 3);   // a foreign key that is a prefix-extension of "customer": no subscribers
        f.Right.PipeInput("customer", "v2", 4);

        var output = f.Output.ReadPairs();
        output.Should().HaveCount(80);
        output.Take(40).Should().Equal(keys.Select(k => ((string?)k, (string?)$"({k}|customer,v1)")));
        output.Skip(40).Should().Equal(keys.Select(k => ((string?)k, (string?)$"({k}|customer,v2)")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Changing_the_foreign_key_joins_the_new_right_row_and_stops_following_the_old_one(bool leftJoin)
    {
        using var f = Build(leftJoin);
        f.Right.PipeInput("rhs1", "rhsValue1", 1);
        f.Right.PipeInput("rhs2", "rhsValue2", 2);
        f.Left.PipeInput("lhs1", "lhsValue1|rhs1", 3);

        f.Left.PipeInput("lhs1", "lhsValue1|rhs2", 4);
        f.Right.PipeInput("rhs1", "rhsValue1Delta", 5);   // the old foreign key: unsubscribed, so nothing
        f.Right.PipeInput("rhs2", "rhsValue2Delta", 6);

        f.Output.ReadPairs().Should().Equal(
            ("lhs1", "(lhsValue1|rhs1,rhsValue1)"),
            ("lhs1", "(lhsValue1|rhs2,rhsValue2)"),
            ("lhs1", "(lhsValue1|rhs2,rhsValue2Delta)"));
    }

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, "(lhsValue1|rhs9,null)")]
    public void Moving_to_a_foreign_key_without_a_right_row_retracts_the_inner_join_and_null_joins_the_left_join(bool leftJoin, string? expected)
    {
        using var f = Build(leftJoin);
        f.Right.PipeInput("rhs1", "rhsValue1", 1);
        f.Left.PipeInput("lhs1", "lhsValue1|rhs1", 2);
        f.Output.ReadRecordsToList();

        f.Left.PipeInput("lhs1", "lhsValue1|rhs9", 3);

        f.Output.ReadPairs().Should().Equal(("lhs1", expected));
    }

    [Fact]
    public void Inner_join_sends_a_tombstone_when_a_row_moves_between_foreign_keys_without_right_rows_as_Kafka_Streams_cannot_know_no_result_existed()
    {
        using var f = Build(leftJoin: false);
        f.Left.PipeInput("lhs1", "lhsValue1|rhs1", 1);
        f.Left.PipeInput("lhs1", "lhsValue1b|rhs1", 2);   // same foreign key, still no row: nothing to retract
        f.Output.IsEmpty.Should().BeTrue();

        f.Left.PipeInput("lhs1", "lhsValue1|rhs2", 3);

        f.Output.ReadPairs().Should().Equal(("lhs1", (string?)null));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Updating_the_left_value_on_the_same_foreign_key_re_joins_it(bool leftJoin)
    {
        using var f = Build(leftJoin);
        f.Right.PipeInput("rhs1", "rhsValue1", 1);
        f.Left.PipeInput("lhs1", "a|rhs1", 2);
        f.Left.PipeInput("lhs1", "b|rhs1", 3);

        f.Output.ReadPairs().Should().Equal(("lhs1", "(a|rhs1,rhsValue1)"), ("lhs1", "(b|rhs1,rhsValue1)"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Deleting_a_left_row_emits_a_tombstone_once_and_removes_it_from_the_result_store(bool leftJoin)
    {
        using var f = Build(leftJoin, Materialized<string?, string>.As("joined"));
        f.Right.PipeInput("rhs1", "rhsValue1", 1);
        f.Left.PipeInput("lhs1", "lhsValue1|rhs1", 2);
        f.Left.PipeInput("lhs2", "lhsValue2|rhs1", 3);
        f.Output.ReadRecordsToList();

        f.Left.PipeInput("lhs1", null, 4);
        f.Left.PipeInput("lhs1", null, 5);   // deleting what is gone: nothing

        f.Output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(("lhs1", (string?)null, 4L));
        var store = f.Driver.GetKeyValueStore<string?, string>("joined")!;
        store.Get("lhs1").Should().BeNull();
        store.Get("lhs2").Should().Be("(lhsValue2|rhs1,rhsValue1)");
    }

    [Fact]
    public void A_deleted_left_row_no_longer_follows_its_right_row()
    {
        using var f = Build(leftJoin: true);
        f.Right.PipeInput("rhs1", "rhsValue1", 1);
        f.Left.PipeInput("lhs1", "lhsValue1|rhs1", 2);
        f.Left.PipeInput("lhs1", null, 3);
        f.Output.ReadRecordsToList();

        f.Right.PipeInput("rhs1", "rhsValue1b", 4);

        f.Output.IsEmpty.Should().BeTrue();
    }

    [Theory]
    [InlineData(false, null, null)]
    [InlineData(true, "(lhsValue1|rhs1,null)", "(lhsValue3|rhs1,null)")]
    public void Deleting_a_right_row_retracts_the_inner_join_and_null_joins_the_left_join_for_every_subscriber(bool leftJoin, string? lhs1, string? lhs3)
    {
        using var f = Build(leftJoin, Materialized<string?, string>.As("joined"));
        f.Right.PipeInput("rhs1", "rhsValue1", 1);
        f.Right.PipeInput("rhs2", "rhsValue2", 2);
        f.Left.PipeInput("lhs1", "lhsValue1|rhs1", 3);
        f.Left.PipeInput("lhs2", "lhsValue2|rhs2", 4);
        f.Left.PipeInput("lhs3", "lhsValue3|rhs1", 5);
        f.Output.ReadRecordsToList();

        f.Right.PipeInput("rhs1", null, 6);

        f.Output.ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs)).Should().Equal(("lhs1", lhs1, 6L), ("lhs3", lhs3, 6L));
        var store = f.Driver.GetKeyValueStore<string?, string>("joined")!;
        store.Get("lhs1").Should().Be(lhs1);
        store.Get("lhs2").Should().Be("(lhsValue2|rhs2,rhsValue2)");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_left_row_whose_foreign_key_has_no_right_row_is_dropped_by_the_inner_join_and_null_joined_by_the_left_join(bool leftJoin)
    {
        using var f = Build(leftJoin);
        f.Right.PipeInput("rhs2", "rhsValue2", 1);

        f.Left.PipeInput("lhs1", "lhsValue1|rhs1", 2);

        f.Output.ReadPairs().Should().Equal(leftJoin ? [("lhs1", "(lhsValue1|rhs1,null)")] : Array.Empty<(string?, string?)>());
    }

    [Fact]
    public void Inner_join_drops_a_null_foreign_key_and_retracts_the_result_of_the_key_it_had()
    {
        using var f = Build(leftJoin: false);
        f.Right.PipeInput("rhs1", "rhsValue1", 1);
        f.Left.PipeInput("lhs1", "no-foreign-key", 2);
        f.Output.IsEmpty.Should().BeTrue();

        f.Left.PipeInput("lhs1", "lhsValue1|rhs1", 3);
        f.Left.PipeInput("lhs1", "no-foreign-key-again", 4);
        f.Right.PipeInput("rhs1", "rhsValue1b", 5);   // unsubscribed by the null foreign key

        f.Output.ReadPairs().Should().Equal(("lhs1", "(lhsValue1|rhs1,rhsValue1)"), ("lhs1", null));
    }

    [Fact]
    public void Left_join_joins_a_null_foreign_key_with_null_as_Kafka_Streams_4()
    {
        using var f = Build(leftJoin: true);
        f.Right.PipeInput("rhs1", "rhsValue1", 1);
        f.Left.PipeInput("lhs1", "lhsValue1|rhs1", 2);

        f.Left.PipeInput("lhs1", "lhsValue1|rhs1|extra", 3);   // the extractor returns null
        f.Right.PipeInput("rhs1", "rhsValue1b", 4);            // no longer subscribed
        f.Left.PipeInput("lhs1", null, 5);

        f.Output.ReadPairs().Should().Equal(
            ("lhs1", "(lhsValue1|rhs1,rhsValue1)"),
            ("lhs1", "(lhsValue1|rhs1|extra,null)"),
            ("lhs1", null));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_response_for_a_left_value_that_changed_meanwhile_is_dropped(bool leftJoin)
    {
        // One input record updates the left row twice before the right side answers the first subscription: the
        // answer to "v1" comes back when the row already holds "v2", so its hash no longer matches and it is dropped.
        var builder = new StreamsBuilder();
        var left = builder.Stream<string?, string?>("left-events")
            .FlatMapValues((_, v) => v!.Split(';'))
            .ToTable(Materialized<string?, string>.With(Serdes.String, Serdes.String!));
        var right = builder.Table<string?, string?>("right");
        (leftJoin ? left.LeftJoin(right, ForeignKey, Joiner) : left.Join(right, ForeignKey, (l, r) => Joiner(l, r)))
            .ToStream().To("out", Produced<string?, string?>.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        var events = driver.CreateInputTopic("left-events", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        driver.CreateInputTopic("right", Serdes.String, Serdes.String).PipeInput("rhs1", "rhsValue1", 1);

        events.PipeInput("lhs1", "v1|rhs1;v2|rhs1", 2);

        output.ReadPairs().Should().Equal(("lhs1", "(v2|rhs1,rhsValue1)"));
    }

    [Fact]
    public void A_table_can_join_itself_by_a_foreign_key_in_one_subtopology()
    {
        var builder = new StreamsBuilder();
        var employees = builder.Table<string?, string?>("employees");
        employees.LeftJoin(employees, ForeignKey, Joiner).ToStream().To("out", Produced<string?, string?>.With(Serdes.String, Serdes.String));
        var topology = builder.Build();
        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("employees", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        input.PipeInput("bob", "Bob", 1);          // no manager: a null foreign key
        input.PipeInput("alice", "Alice|bob", 2);
        output.ReadPairs().Should().Equal(("bob", "(Bob,null)"), ("alice", "(Alice|bob,Bob)"));

        input.PipeInput("bob", "Robert", 3);       // bob is both a left row and alice's right row

        topology.Describe().Subtopologies.Should().ContainSingle();
        output.ReadPairs().Should().BeEquivalentTo([("bob", "(Robert,null)"), ("alice", "(Alice|bob,Robert)")]);
    }

    [Fact]
    public void The_foreign_key_extractor_can_read_the_left_key()
    {
        var builder = new StreamsBuilder();
        var orders = builder.Table<string?, string?>("orders");
        var customers = builder.Table<string?, string?>("customers");
        orders.Join(customers, (orderId, _) => orderId!.Split('-')[0], (order, customer) => $"{order} for {customer}")
            .ToStream().To("out", Produced<string?, string?>.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        driver.CreateInputTopic("customers", Serdes.String, Serdes.String).PipeInput("alice", "Alice", 1);

        driver.CreateInputTopic("orders", Serdes.String, Serdes.String).PipeInput("alice-1", "book", 2);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("alice-1", "book for Alice"));
    }

    [Fact]
    public void Keys_and_values_of_other_types_use_their_serdes_on_both_topics()
    {
        var builder = new StreamsBuilder();
        var orders = builder.Table<long, string?>("orders");
        var prices = builder.Table<int, double>("prices");
        orders.LeftJoin(prices, o => int.Parse(o!, System.Globalization.CultureInfo.InvariantCulture), (o, price) => price * 2)
            .ToStream().To("out", Produced<long, double>.With(Serdes.Int64, Serdes.Double));
        using var driver = new TopologyTestDriver(builder.Build());
        var orderInput = driver.CreateInputTopic("orders", Serdes.Int64, Serdes.String);
        var priceInput = driver.CreateInputTopic("prices", Serdes.Int32, Serdes.Double);
        var output = driver.CreateOutputTopic("out", Serdes.Int64, Serdes.Double);

        orderInput.PipeInput(1L, "7", 1);       // no price yet: the left join gets default(double)
        priceInput.PipeInput(7, 2.5, 2);

        output.ReadPairs().Should().Equal((1L, 0.0), (1L, 5.0));
    }

    [Fact]
    public void The_result_table_carries_old_values_to_downstream_table_operators()
    {
        using var f = Build(leftJoin: false, downstream: joined => joined.Filter((_, v) => v.Contains("gold", StringComparison.Ordinal)));
        f.Right.PipeInput("rhs1", "gold", 1);
        f.Left.PipeInput("lhs1", "lhsValue1|rhs1", 2);

        f.Right.PipeInput("rhs1", "silver", 3);   // the joined row stops matching the filter: a delete downstream
        f.Right.PipeInput("rhs1", "bronze", 4);   // still not matching: nothing

        f.Output.ReadPairs().Should().Equal(("lhs1", "(lhsValue1|rhs1,gold)"), ("lhs1", null));
    }

    [Fact]
    public void A_materialized_result_is_queryable_and_its_store_holds_the_join()
    {
        var builder = new StreamsBuilder();
        var joined = builder.Table<string?, string?>("left").Join(
            builder.Table<string?, string?>("right"), ForeignKey, (l, r) => Joiner(l, r), materialized: Materialized<string?, string>.As("joined"));
        joined.ToStream().To("out", Produced<string?, string?>.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build());
        driver.CreateInputTopic("right", Serdes.String, Serdes.String).PipeInput("rhs1", "rhsValue1", 5);
        driver.CreateInputTopic("left", Serdes.String, Serdes.String).PipeInput("lhs1", "lhsValue1|rhs1", 3);

        joined.QueryableStoreName.Should().Be("joined");
        var row = driver.GetTimestampedKeyValueStore<string?, string>("joined")!.Get("lhs1");
        row.Should().NotBeNull();
        (row!.Value, row.TimestampMs).Should().Be(("(lhsValue1|rhs1,rhsValue1)", 5L));
    }

    [Fact]
    public void Table_joined_partitioners_choose_the_partitions_of_the_subscription_and_response_topics()
    {
        var calls = new List<string>();
        var builder = new StreamsBuilder();
        builder.Table<string?, string?>("left").Join(
                builder.Table<string?, string?>("right"),
                ForeignKey,
                (l, r) => Joiner(l, r),
                TableJoined<string?, string?>.As("fk")
                    .WithPartitioner((topic, key, value, partitions) =>
                    {
                        calls.Add($"{topic} {key} {value ?? "null"} {partitions}");
                        return 0;
                    })
                    .WithOtherPartitioner((topic, key, value, partitions) =>
                    {
                        calls.Add($"{topic} {key} {value ?? "null"} {partitions}");
                        return null;
                    }))
            .ToStream().To("out", Produced<string?, string?>.With(Serdes.String, Serdes.String));
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ApplicationId = "app" });
        driver.CreateInputTopic("right", Serdes.String, Serdes.String).PipeInput("rhs1", "rhsValue1", 1);

        driver.CreateInputTopic("left", Serdes.String, Serdes.String).PipeInput("lhs1", "lhsValue1|rhs1", 2);

        calls.Should().Equal("app-fk-subscription-registration-topic rhs1 null 1", "app-fk-subscription-response-topic lhs1 null 1");
        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("lhs1", "(lhsValue1|rhs1,rhsValue1)"));
    }

    [Fact]
    public void Joining_a_table_of_another_builder_is_refused()
    {
        var left = new StreamsBuilder().Table<string, string>("left");
        var right = new StreamsBuilder().Table<string, string>("right");

        var act = () => left.Join(right, v => v, (l, r) => l + r);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_result_type_without_a_built_in_serde_needs_one_in_materialized()
    {
        var builder = new StreamsBuilder();
        var left = builder.Table<string, string>("left");
        var right = builder.Table<string, string>("right");

        var act = () => left.Join(right, v => v, (l, r) => new Uri("https://" + l + r));

        act.Should().Throw<TopologyException>().WithMessage("*value serde*Uri*");
    }
}

public class KTableForeignKeyJoinTopologyTests
{
    private static Topology Topology(TableJoined<string, string>? tableJoined = null)
    {
        var builder = new StreamsBuilder(new TopologyOptions { NamingStrategy = NamingStrategy.KafkaCompatible });
        var left = builder.Table<string, string>("left_table");
        var right = builder.Table<string, string>("right_table");
        left.Join(right, v => v, (l, r) => l + r, tableJoined).ToStream().To("output-topic");
        return builder.Build();
    }

    [Fact]
    public void Describe_shows_the_subscription_and_response_topics_with_Kafka_Streams_generated_names()
    {
        var description = Topology().Describe();

        description.Subtopologies.Should().HaveCount(2);
        var left = description.Subtopologies[0].Nodes;
        var right = description.Subtopologies[1].Nodes;
        left.Should().ContainEquivalentOf(new TopologyDescription.Node(
            "KTABLE-SINK-0000000008", TopologyDescription.NodeType.Sink, ["KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic"], [],
            ["KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007"], []));
        left.Should().ContainEquivalentOf(new TopologyDescription.Node(
            "KTABLE-SOURCE-0000000016", TopologyDescription.NodeType.Source, ["KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic"], [],
            [], ["KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-0000000017"]));
        left.Select(n => n.Name).Should().Contain("KTABLE-FK-JOIN-OUTPUT-0000000018");
        right.Should().ContainEquivalentOf(new TopologyDescription.Node(
            "KTABLE-SOURCE-0000000009", TopologyDescription.NodeType.Source, ["KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic"], [],
            [], ["KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000011"]));
        right.Should().ContainEquivalentOf(new TopologyDescription.Node(
            "KTABLE-SINK-0000000015", TopologyDescription.NodeType.Sink, ["KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic"], [],
            ["KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000012", "KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000013"], []));
        right.Single(n => n.Name == "KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000013").Stores.Should().Equal("KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-0000000010");
    }

    [Fact]
    public void Internal_topics_are_prefixed_with_the_application_id_and_keep_their_topic_suffix()
    {
        Topology().InternalTopics("app").Should().BeEquivalentTo(
            "app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic",
            "app-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic",
            "app-KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-0000000010-changelog",
            "app-KTABLE-FK-JOIN-OUTPUT-STATE-STORE-0000000019-changelog",
            "app-left_table-STATE-STORE-0000000000-changelog",
            "app-right_table-STATE-STORE-0000000003-changelog");
    }

    [Fact]
    public void A_named_join_names_its_topics_store_and_processors_after_the_name()
    {
        var topology = Topology(TableJoined<string, string>.As("orders-customers"));

        var text = topology.Describe().ToString();
        text.Should().Contain("Processor: orders-customers-subscription-registration-processor (stores: [])")
            .And.Contain("Sink: orders-customers-subscription-registration-sink (topic: orders-customers-subscription-registration-topic)")
            .And.Contain("Source: orders-customers-subscription-registration-source (topics: [orders-customers-subscription-registration-topic])")
            .And.Contain("Processor: orders-customers-subscription-receive (stores: [orders-customers-subscription-store])")
            .And.Contain("Processor: orders-customers-subscription-join-foreign (stores: [right_table-STATE-STORE-0000000003])")
            .And.Contain("Processor: orders-customers-foreign-join-subscription (stores: [orders-customers-subscription-store])")
            .And.Contain("Sink: orders-customers-subscription-response-sink (topic: orders-customers-subscription-response-topic)")
            .And.Contain("Source: orders-customers-subscription-response-source (topics: [orders-customers-subscription-response-topic])")
            .And.Contain("Processor: orders-customers-subscription-response-resolver (stores: [left_table-STATE-STORE-0000000000])")
            .And.Contain("Processor: orders-customers-result (stores: [KTABLE-FK-JOIN-OUTPUT-STATE-STORE-0000000006])");
        topology.InternalTopics("app").Should().Contain(["app-orders-customers-subscription-registration-topic", "app-orders-customers-subscription-response-topic"]);
    }

    [Fact]
    public void The_driver_routes_records_through_both_internal_topics()
    {
        using var driver = new TopologyTestDriver(Topology(), new TopologyTestDriverOptions { ApplicationId = "app" });
        driver.CreateInputTopic("right_table", Serdes.String, Serdes.String).PipeInput("k", "right", 1);
        driver.CreateInputTopic("left_table", Serdes.String, Serdes.String).PipeInput("l", "k", 2);

        driver.ProducedTopicNames.Should().Contain(["app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic", "app-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic"]);
        var subscriptions = driver.CreateOutputTopic("app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic", Serdes.String, Serdes.ByteArray).ReadKeyValuesToList();
        subscriptions.Select(kv => kv.Key).Should().Equal("k");
        driver.CreateOutputTopic("output-topic", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("l", "kright"));
    }
}

/// <summary>The example of docs/joins-foreign-key.md, kept compiling and true.</summary>
public class KTableForeignKeyJoinDocsExampleTests
{
    public sealed record Order(string Item, string CustomerId);

    public sealed record Customer(string Name);

    [Fact]
    public void Enriches_orders_with_customer_names_and_follows_customer_updates_and_moves()
    {
        var builder = new StreamsBuilder();
        var orders = builder.Table("orders", Consumed<string?, Order?>.With(Serdes.String, Serdes.Json<Order?>()));
        var customers = builder.Table("customers", Consumed<string?, Customer?>.With(Serdes.String, Serdes.Json<Customer?>()));

        orders.Join(
                customers,
                order => order!.CustomerId,
                (order, customer) => $"{order!.Item} for {customer!.Name}",
                TableJoined<string?, string?>.As("orders-customers"),
                Materialized<string?, string>.As("enriched-orders"))
            .ToStream()
            .To("enriched-orders", Produced<string?, string?>.With(Serdes.String, Serdes.String));

        using var driver = new TopologyTestDriver(builder.Build());
        var customerInput = driver.CreateInputTopic("customers", Serdes.String, Serdes.Json<Customer>());
        var orderInput = driver.CreateInputTopic("orders", Serdes.String, Serdes.Json<Order>());
        var output = driver.CreateOutputTopic("enriched-orders", Serdes.String, Serdes.String);
        customerInput.PipeInput("c7", new Customer("Ada"), 1);
        customerInput.PipeInput("c9", new Customer("Grace"), 2);
        orderInput.PipeInput("o1", new Order("book", "c7"), 3);
        orderInput.PipeInput("o2", new Order("pen", "c7"), 4);

        customerInput.PipeInput("c7", new Customer("Ada L."), 5);   // every order of c7 again
        orderInput.PipeInput("o1", new Order("book", "c9"), 6);     // o1 moves to c9
        customerInput.PipeInput("c7", new Customer("Ada Lovelace"), 7);

        output.ReadPairs().Should().Equal(
            ("o1", "book for Ada"),
            ("o2", "pen for Ada"),
            ("o1", "book for Ada L."),
            ("o2", "pen for Ada L."),
            ("o1", "book for Grace"),
            ("o2", "pen for Ada Lovelace"));
    }
}
