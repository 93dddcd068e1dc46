using Streams.State.Internal;

namespace Streams.Tests.State.Internal;

/// <summary>
/// The cache's dirty-entry tracking (a flush takes only the entries made dirty since the last one, in LRU order) and its
/// key order for range reads.
/// </summary>
public class NamedCacheTests
{
    private readonly NamedCache _cache = new(new RecordCache(1_000_000), sorted: true);

    [Fact]
    public void Dirty_entries_come_least_recently_used_first_reads_included_and_each_once()
    {
        _cache.PutDirty([1], [1]);
        _cache.PutDirty([2], [2]);
        _cache.PutDirty([3], [3]);
        _cache.PutDirty([1], [11]);
        _cache.TryGet([2], out _);

        Keys(Take()).Should().Equal(3, 1, 2);
    }

    [Fact]
    public void A_write_after_a_read_updates_the_entry_read_only_when_it_is_the_same_key_still_cached()
    {
        _cache.PutDirty([1], [1]);
        _cache.PutDirty([2], [2]);
        Clean(Take());

        _cache.TryGet([1], out var read).Should().BeTrue();
        _cache.PutDirty([2], [22]); // another key than the one read
        _cache.PutDirty([1], [11]); // the key read

        _cache.TryGet([2], out var two).Should().BeTrue();
        two.Value.Should().Equal(22);
        read.Value.Should().Equal(11);
        read.Dirty.Should().BeTrue();
        _cache.Count.Should().Be(2);

        _cache.TryGet([1], out var removed).Should().BeTrue();
        _cache.Remove(removed);
        _cache.PutDirty([1], [111]); // the entry read left the cache: a new one

        _cache.Count.Should().Be(2);
        _cache.TryGet([1], out var added).Should().BeTrue();
        added.Should().NotBeSameAs(removed);
        added.Value.Should().Equal(111);
        removed.Value.Should().Equal([(byte)11], "the removed entry is not written to");
    }

    [Fact]
    public void A_flush_takes_only_what_became_dirty_since_the_last_one()
    {
        _cache.PutDirty([1], [1]);
        _cache.PutDirty([2], [2]);
        Clean(Take());

        _cache.PutDirty([2], [22]);

        Keys(Take()).Should().Equal(2);
    }

    [Fact]
    public void Removed_or_already_cleaned_entries_are_not_taken()
    {
        _cache.PutDirty([1], [1]);
        _cache.PutDirty([2], [2]);
        _cache.TryGet([1], out var evicted);
        _cache.TryGet([2], out var cleaned);
        evicted.Dirty = false;
        _cache.Remove(evicted);
        cleaned.Dirty = false;

        Take().Should().BeEmpty();
    }

    [Fact]
    public void Entries_left_dirty_by_a_failed_flush_are_taken_again()
    {
        _cache.PutDirty([1], [1]);
        _cache.PutDirty([2], [2]);
        var list = _cache.TakeDirtyEntries();
        list[0].Dirty = false; // the flush wrote the first entry, then failed
        _cache.ReturnList(list);

        Keys(Take()).Should().Equal(2);
    }

    [Fact]
    public void Range_sees_every_entry_written_or_removed_before_and_after_the_first_range_read()
    {
        // The key order is built by the first range read and kept up to date from then on.
        _cache.PutDirty([5], [5]);
        _cache.PutDirty([1], [1]);
        _cache.PutDirty([9], [9]);
        _cache.TryGet([9], out var nine).Should().BeTrue();
        _cache.Remove(nine);

        Keys(_cache.Range(null, null)).Should().Equal(1, 5);

        _cache.PutDirty([3], [3]);
        _cache.PutDirty([7], [7]);
        _cache.TryGet([1], out var one).Should().BeTrue();
        _cache.Remove(one);
        _cache.PutDirty([5], [50]);

        Keys(_cache.Range([2], [7])).Should().Equal(3, 5, 7);
        Keys(_cache.Range(null, null)).Should().Equal(3, 5, 7);

        _cache.Clear();
        _cache.PutDirty([4], [4]);
        Keys(_cache.Range(null, null)).Should().Equal(4);
    }

    [Fact]
    public void Range_of_an_unsorted_cache_throws()
    {
        var cache = new NamedCache(new RecordCache(1_000_000));
        cache.PutDirty([1], [1]);

        FluentActions.Invoking(() => cache.Range(null, null)).Should().Throw<InvalidOperationException>();
    }

    private List<NamedCache.Entry> Take()
    {
        var list = _cache.TakeDirtyEntries();
        var copy = list.ToList();
        _cache.ReturnList(list);
        return copy;
    }

    private static void Clean(List<NamedCache.Entry> entries) => entries.ForEach(e => e.Dirty = false);

    private static List<byte> Keys(List<NamedCache.Entry> entries) => entries.Select(e => e.Key[0]).ToList();

    private static List<byte> Keys(CacheRange range)
    {
        var keys = new List<byte>();
        for (var i = 0; i < range.Count; i++)
        {
            keys.Add(range[i].Key[0]);
        }

        range.Release();
        return keys;
    }
}
