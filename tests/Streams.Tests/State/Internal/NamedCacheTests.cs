using Streams.State.Internal;

namespace Streams.Tests.State.Internal;

public class NamedCacheTests
{
    [Fact]
    public void Range_sees_every_entry_written_or_removed_before_and_after_the_first_range_read()
    {
        // The key order is built by the first range read and kept up to date from then on.
        var cache = new NamedCache(new RecordCache(1_000_000), sorted: true);
        cache.PutDirty([5], [5]);
        cache.PutDirty([1], [1]);
        cache.PutDirty([9], [9]);
        cache.TryGet([9], out var nine).Should().BeTrue();
        cache.Remove(nine);

        Keys(cache.Range(null, null)).Should().Equal(1, 5);

        cache.PutDirty([3], [3]);
        cache.PutDirty([7], [7]);
        cache.TryGet([1], out var one).Should().BeTrue();
        cache.Remove(one);
        cache.PutDirty([5], [50]);

        Keys(cache.Range([2], [7])).Should().Equal(3, 5, 7);
        Keys(cache.Range(null, null)).Should().Equal(3, 5, 7);

        cache.Clear();
        cache.PutDirty([4], [4]);
        Keys(cache.Range(null, null)).Should().Equal(4);
    }

    [Fact]
    public void Range_of_an_unsorted_cache_throws()
    {
        var cache = new NamedCache(new RecordCache(1_000_000));
        cache.PutDirty([1], [1]);

        FluentActions.Invoking(() => cache.Range(null, null)).Should().Throw<InvalidOperationException>();
    }

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
