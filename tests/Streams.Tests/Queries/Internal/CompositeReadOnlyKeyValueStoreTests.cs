using Streams.Queries;
using Streams.Serialization;
using Streams.State;

namespace Streams.Tests.Queries.Internal;

public class CompositeReadOnlyKeyValueStoreTests
{
    private readonly LocalStores _stores = LocalStores.Active();

    [Fact]
    public void Get_finds_a_key_in_whichever_partition_holds_it_and_reads_absent_keys_as_default()
    {
        _stores.Put(0, "a", 1);
        _stores.Put(1, "b", 2);
        var view = _stores.CountsView();

        view.Get("a").Should().Be(1);
        view.Get("b").Should().Be(2);
        view.TryGet("b", out var b).Should().BeTrue();
        b.Should().Be(2);
        view.TryGet("missing", out _).Should().BeFalse();
        view.Get("missing").Should().Be(0);
    }

    [Fact]
    public void A_present_zero_in_a_later_partition_is_found_by_TryGet()
    {
        _stores.Put(1, "zero", 0);

        _stores.CountsView().TryGet("zero", out var value).Should().BeTrue();
        value.Should().Be(0);
    }

    [Fact]
    public void All_and_ranges_concatenate_partitions_each_in_key_order()
    {
        _stores.Put(0, "b", 1);
        _stores.Put(0, "d", 2);
        _stores.Put(1, "a", 3);
        _stores.Put(1, "c", 4);
        var view = _stores.CountsView();

        Keys(view.All()).Should().Equal("b", "d", "a", "c");
        Keys(view.ReverseAll()).Should().Equal("d", "b", "c", "a");
        Keys(view.Range("b", "c")).Should().Equal("b", "c");
        Keys(view.ReverseRange("a", "c")).Should().Equal("b", "c", "a");
        Keys(view.Range(null, "a")).Should().Equal("a");
        Keys(view.PrefixScan("d", Serdes.String)).Should().Equal("d");
        view.ApproximateNumEntries.Should().Be(4);
    }

    [Fact]
    public void The_timestamped_view_returns_values_with_their_timestamps()
    {
        _stores.Put(1, "a", 7, timestamp: 1_234);
        var view = _stores.View(QueryableStoreTypes.TimestampedKeyValueStore<string, long>(), "counts");

        view.Get("a").Should().Be(new ValueAndTimestamp<long>(7, 1_234));
        view.All().ToList().Should().Equal([new KeyValuePair<string, ValueAndTimestamp<long>>("a", new(7, 1_234))]);
    }

    [Fact]
    public void A_partition_restricts_the_view_to_that_task()
    {
        _stores.Put(0, "a", 1);
        _stores.Put(1, "b", 2);

        var partition1 = _stores.CountsView(partition: 1);

        partition1.Get("a").Should().Be(0, "key a lives in partition 0");
        Keys(partition1.All()).Should().Equal("b");
        partition1.ApproximateNumEntries.Should().Be(1);
    }

    [Fact]
    public void Ranges_are_snapshots_that_stay_readable_after_later_writes_and_revocation()
    {
        _stores.Put(0, "a", 1);
        var view = _stores.CountsView();

        using var snapshot = view.All();
        _stores.Put(0, "b", 2);
        _stores.Registry.Unregister(new(0, 0));
        _stores.Registry.Unregister(new(0, 1));

        Keys(snapshot).Should().Equal("a");
    }

    [Fact]
    public void Null_keys_are_rejected()
    {
        var view = _stores.CountsView();

        view.Invoking(v => v.Get(null!)).Should().Throw<ArgumentNullException>();
    }

    private static List<string> Keys<TValue>(IKeyValueIterator<string, TValue> iterator)
    {
        var keys = new List<string>();
        using (iterator)
        {
            while (iterator.MoveNext())
            {
                keys.Add(iterator.Current.Key);
            }
        }

        return keys;
    }
}

internal static class IteratorExtensions
{
    public static List<KeyValuePair<TKey, TValue>> ToList<TKey, TValue>(this IKeyValueIterator<TKey, TValue> iterator)
    {
        var list = new List<KeyValuePair<TKey, TValue>>();
        using (iterator)
        {
            while (iterator.MoveNext())
            {
                list.Add(iterator.Current);
            }
        }

        return list;
    }
}
