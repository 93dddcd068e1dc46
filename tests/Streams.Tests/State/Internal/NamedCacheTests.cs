using Streams.State.Internal;

namespace Streams.Tests.State.Internal;

/// <summary>The cache's dirty-entry tracking: a flush takes only the entries made dirty since the last one, in LRU order.</summary>
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

    private List<NamedCache.Entry> Take()
    {
        var list = _cache.TakeDirtyEntries();
        var copy = list.ToList();
        _cache.ReturnList(list);
        return copy;
    }

    private static void Clean(List<NamedCache.Entry> entries) => entries.ForEach(e => e.Dirty = false);

    private static List<byte> Keys(List<NamedCache.Entry> entries) => entries.Select(e => e.Key[0]).ToList();
}
