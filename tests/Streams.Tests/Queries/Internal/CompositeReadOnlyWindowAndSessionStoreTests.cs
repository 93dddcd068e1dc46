using Streams.Dsl;
using Streams.Queries;
using Streams.State;

namespace Streams.Tests.Queries.Internal;

public class CompositeReadOnlyWindowAndSessionStoreTests
{
    private readonly LocalStores _stores = LocalStores.Active();

    [Fact]
    public void Fetch_of_one_window_finds_it_in_a_later_partition_rather_than_the_first_partitions_default()
    {
        _stores.Windows[0].Put("a", new(5, 100), 0);
        _stores.Windows[1].Put("b", new(7, 200), 0);
        var view = _stores.View(QueryableStoreTypes.WindowStore<string, long>(), "windows");

        view.Fetch("b", 0).Should().Be(7, "the absent window in partition 0 must not answer 0");
        view.Fetch("b", 1_000).Should().Be(0, "no window starts there");
        view.Fetch("a", 0).Should().Be(5);
    }

    [Fact]
    public void Key_fetches_come_from_the_partition_holding_the_key_and_ranges_concatenate_partitions()
    {
        _stores.Windows[0].Put("a", new(1, 100), 0);
        _stores.Windows[0].Put("a", new(2, 1_100), 1_000);
        _stores.Windows[1].Put("b", new(3, 200), 0);
        var view = _stores.View(QueryableStoreTypes.WindowStore<string, long>(), "windows");

        view.Fetch("a", 0, 1_000).ToList().Should().Equal(new KeyValuePair<long, long>(0, 1), new KeyValuePair<long, long>(1_000, 2));
        view.BackwardFetch("a", 0, 1_000).ToList().Select(kv => kv.Key).Should().Equal(1_000, 0);
        view.Fetch("b", 0, 0).ToList().Should().Equal([new KeyValuePair<long, long>(0, 3)]);
        view.FetchAll(0, 0).ToList().Select(kv => kv.Key.Key).Should().Equal("a", "b");
        view.All().ToList().Select(kv => (kv.Key.Key, kv.Key.Window.StartMs, kv.Value)).Should().Equal(("a", 0L, 1L), ("a", 1_000L, 2L), ("b", 0L, 3L));
        view.Fetch("a", "b", 1_000, 1_000).ToList().Select(kv => kv.Value).Should().Equal(2);
    }

    [Fact]
    public void The_timestamped_window_view_returns_timestamps()
    {
        _stores.Windows[1].Put("b", new(3, 250), 0);
        var view = _stores.View(QueryableStoreTypes.TimestampedWindowStore<string, long>(), "windows");

        view.Fetch("b", 0).Should().Be(new ValueAndTimestamp<long>(3, 250));
    }

    [Fact]
    public void Sessions_are_read_across_partitions()
    {
        _stores.Sessions[0].Put(new Windowed<string>("a", new Window(10, 20)), 1);
        _stores.Sessions[1].Put(new Windowed<string>("b", new Window(30, 40)), 2);
        var view = _stores.View(QueryableStoreTypes.SessionStore<string, long>(), "sessions");

        view.FetchSession("b", 30, 40).Should().Be(2, "the absent session in partition 0 must not answer 0");
        view.FetchSession("b", 30, 41).Should().Be(0);
        view.Fetch("a").ToList().Select(kv => kv.Key.Window).Should().Equal(new Window(10, 20));
        view.FindSessions("b", 40, 30).ToList().Select(kv => kv.Value).Should().Equal(2);
        view.Fetch(null, null).ToList().Select(kv => kv.Key.Key).Should().Equal("a", "b");
        view.FindSessions("a", "b", 0, 100).ToList().Should().HaveCount(2);
    }
}
