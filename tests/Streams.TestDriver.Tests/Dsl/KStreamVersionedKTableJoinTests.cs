using Streams.Dsl;
using Streams.Serialization;
using Streams.State;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

/// <summary>Stream-table joins over versioned tables: point-in-time lookups (KIP-914) and the grace period buffer (KIP-923).</summary>
public class KStreamVersionedKTableJoinTests
{
    private const long Grace = 10;

    private sealed record Setup(TopologyTestDriver Driver, TestInputTopic<string?, string?> Users, TestInputTopic<string?, string?> Clicks, TestOutputTopic<string?, string?> Out)
        : IDisposable
    {
        public List<(string? Value, long Timestamp)> Read() => Out.ReadRecordsToList().Select(r => (r.Value, r.TimestampMs ?? -1)).ToList();

        public void Dispose() => Driver.Dispose();
    }

    private static Setup Build(bool left, TimeSpan? grace, Func<IKTable<string?, string?>, IKTable<string?, string?>>? derive = null)
    {
        var builder = new StreamsBuilder();
        var users = builder.Table(
            "users", Consumed<string?, string?>.With(Serdes.String, Serdes.String),
            Materialized<string?, string?>.As(Stores.InMemoryVersionedKeyValueStore("users-store", TimeSpan.FromMinutes(1))));
        var table = derive is null ? users : derive(users);
        var clicks = builder.Stream<string?, string?>("clicks");
        var joined = Joined<string?, string?, string?>.As("enrich");
        joined = grace is { } g ? joined.WithGracePeriod(g) : joined;
        (left ? clicks.LeftJoin(table, (click, region) => $"{click}@{region ?? "none"}", joined) : clicks.Join(table, (click, region) => $"{click}@{region}", joined))
            .To("enriched", Produced<string?, string>.With(Serdes.String, Serdes.String!));
        var driver = new TopologyTestDriver(builder.Build());
        return new Setup(
            driver, driver.CreateInputTopic("users", Serdes.String, Serdes.String), driver.CreateInputTopic("clicks", Serdes.String, Serdes.String),
            driver.CreateOutputTopic("enriched", Serdes.String, Serdes.String));
    }

    [Fact]
    public void Without_a_grace_period_each_record_joins_the_table_as_of_its_own_timestamp()
    {
        using var s = Build(left: false, grace: null);
        s.Users.PipeInput("alice", "eu", 10);
        s.Users.PipeInput("alice", "us", 20);

        s.Clicks.PipeInput("alice", "late", 15);
        s.Clicks.PipeInput("alice", "now", 25);
        s.Clicks.PipeInput("alice", "before", 5);

        s.Read().Should().Equal(("late@eu", 15L), ("now@us", 25L));
    }

    [Fact]
    public void The_old_overloads_also_look_a_versioned_table_up_as_of_the_record()
    {
        var builder = new StreamsBuilder();
        var users = builder.Table(
            "users", Consumed<string?, string?>.With(Serdes.String, Serdes.String),
            Materialized<string?, string?>.As(Stores.InMemoryVersionedKeyValueStore("users-store", TimeSpan.FromMinutes(1))));
        builder.Stream<string?, string?>("clicks").Join(users, (c, r) => $"{c}@{r}").To("enriched", Produced<string?, string>.With(Serdes.String, Serdes.String!));
        using var driver = new TopologyTestDriver(builder.Build());
        var userInput = driver.CreateInputTopic("users", Serdes.String, Serdes.String);
        userInput.PipeInput("alice", "eu", 10);
        userInput.PipeInput("alice", "us", 20);

        driver.CreateInputTopic("clicks", Serdes.String, Serdes.String).PipeInput("alice", "late", 15);

        driver.CreateOutputTopic("enriched", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("alice", "late@eu"));
    }

    [Fact]
    public void A_table_update_that_arrives_after_the_record_but_within_the_grace_period_is_joined()
    {
        using var s = Build(left: false, grace: TimeSpan.FromMilliseconds(Grace));
        s.Users.PipeInput("alice", "eu", 0);
        s.Clicks.PipeInput("alice", "c1", 20);     // buffered: stream time 20
        s.Users.PipeInput("alice", "us", 15);      // arrives later, valid before the click

        s.Read().Should().BeEmpty();
        s.Clicks.PipeInput("bob", "c2", 30);       // stream time 30: c1 (20 <= 30 - 10) is joined as of 20

        s.Read().Should().Equal(("c1@us", 20L));
    }

    [Fact]
    public void A_record_is_joined_when_stream_time_reaches_its_timestamp_plus_grace_and_not_a_millisecond_earlier()
    {
        using var s = Build(left: false, grace: TimeSpan.FromMilliseconds(Grace));
        s.Users.PipeInput("alice", "eu", 0);
        s.Clicks.PipeInput("alice", "c1", 20);

        s.Clicks.PipeInput("carol", "c2", 29);
        s.Read().Should().BeEmpty();

        s.Clicks.PipeInput("carol", "c3", 30);
        s.Read().Should().Equal(("c1@eu", 20L));
    }

    [Fact]
    public void Beyond_the_grace_period_a_record_joins_the_table_state_as_of_its_timestamp_at_once()
    {
        using var s = Build(left: false, grace: TimeSpan.FromMilliseconds(Grace));
        s.Users.PipeInput("alice", "eu", 0);
        s.Users.PipeInput("alice", "us", 12);
        s.Clicks.PipeInput("alice", "c1", 30);     // stream time 30

        s.Clicks.PipeInput("alice", "late", 5);    // 5 < 30 - 10: joined now, as of 5
        s.Clicks.PipeInput("alice", "edge", 20);   // 20 = 30 - 10: buffered and due at once

        s.Read().Should().Equal(("late@eu", 5L), ("edge@us", 20L));
    }

    [Fact]
    public void A_table_update_after_the_record_was_joined_does_not_change_the_result()
    {
        using var s = Build(left: false, grace: TimeSpan.FromMilliseconds(Grace));
        s.Users.PipeInput("alice", "eu", 0);
        s.Clicks.PipeInput("alice", "c1", 20);
        s.Clicks.PipeInput("bob", "c2", 30);       // c1 joined with eu
        s.Users.PipeInput("alice", "us", 18);      // too late for c1
        s.Clicks.PipeInput("bob", "c3", 40);

        s.Read().Should().Equal(("c1@eu", 20L));
    }

    [Fact]
    public void Buffered_records_are_joined_in_timestamp_order()
    {
        using var s = Build(left: true, grace: TimeSpan.FromMilliseconds(Grace));
        s.Clicks.PipeInput("alice", "c25", 25);
        s.Clicks.PipeInput("alice", "c21", 21);
        s.Clicks.PipeInput("alice", "c23", 23);

        s.Clicks.PipeInput("alice", "c40", 40);

        s.Read().Select(r => r.Timestamp).Should().Equal(21, 23, 25);
    }

    [Fact]
    public void A_left_join_joins_null_for_a_missing_row_or_a_null_key_and_the_inner_join_drops_them()
    {
        using (var left = Build(left: true, grace: TimeSpan.FromMilliseconds(Grace)))
        {
            left.Clicks.PipeInput("nobody", "c1", 20);
            left.Clicks.PipeInput(null, "c2", 21);
            left.Clicks.PipeInput("nobody", null, 22);
            left.Clicks.PipeInput("x", "flush", 40);

            left.Out.ReadPairs().Should().Equal(("nobody", "c1@none"), ((string?)null, "c2@none"));
        }

        using var inner = Build(left: false, grace: TimeSpan.FromMilliseconds(Grace));
        inner.Clicks.PipeInput("nobody", "c1", 20);
        inner.Clicks.PipeInput(null, "c2", 21);
        inner.Clicks.PipeInput("x", "flush", 40);
        inner.Read().Should().BeEmpty();
    }

    [Fact]
    public void A_zero_grace_period_joins_each_record_as_it_arrives()
    {
        using var s = Build(left: false, grace: TimeSpan.Zero);
        s.Users.PipeInput("alice", "eu", 0);

        s.Clicks.PipeInput("alice", "c1", 20);
        s.Read().Should().Equal(("c1@eu", 20L));
        s.Clicks.PipeInput("alice", "c0", 10);
        s.Read().Should().Equal(("c0@eu", 10L));
    }

    [Fact]
    public void A_filtered_versioned_table_is_still_looked_up_as_of_the_record()
    {
        using var s = Build(left: true, grace: TimeSpan.FromMilliseconds(Grace), t => t.Filter((_, region) => region != "blocked"));
        s.Users.PipeInput("alice", "eu", 0);
        s.Users.PipeInput("alice", "blocked", 10);
        s.Clicks.PipeInput("alice", "c5", 5);
        s.Clicks.PipeInput("alice", "c15", 15);

        s.Clicks.PipeInput("x", "flush", 40);

        s.Out.ReadPairs().Take(2).Should().Equal(("alice", "c5@eu"), ("alice", "c15@none"));
    }

    [Fact]
    public void The_buffer_is_a_changelogged_store_named_after_the_join()
    {
        using var s = Build(left: false, grace: TimeSpan.FromMilliseconds(Grace));
        s.Clicks.PipeInput("alice", "c1", 20);

        s.Driver.GetStateStore("enrich-Buffer").Should().NotBeNull();
        s.Driver.ProducedTopicNames.Should().Contain($"{s.Driver.ApplicationId}-enrich-Buffer-changelog");
    }

    [Fact]
    public void A_grace_period_on_a_table_that_is_not_versioned_is_refused_when_the_topology_is_built()
    {
        var builder = new StreamsBuilder();
        var table = builder.Table<string?, string?>("users");
        var clicks = builder.Stream<string?, string?>("clicks");

        FluentActions.Invoking(() => clicks.Join(table, (c, r) => c + r, Joined<string?, string?, string?>.As("j").WithGracePeriod(TimeSpan.FromSeconds(1))))
            .Should().Throw<TopologyException>().WithMessage("*versioned*");
        FluentActions.Invoking(() => clicks.LeftJoin(table, (c, r) => c + r, new Joined<string?, string?, string?>()))
            .Should().NotThrow("without a grace period any table can be joined");
    }
}
