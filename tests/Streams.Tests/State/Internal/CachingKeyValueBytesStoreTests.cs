using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.State.Internal;

public class CachingKeyValueBytesStoreTests
{
    private readonly InMemoryKeyValueBytesStore _inner = new("kv");
    private readonly List<(byte[] Key, byte[]? New, byte[]? Old)> _flushed = [];
    private readonly RecordCache _budget = new(1_000_000);
    private readonly CachingKeyValueBytesStore _store;

    public CachingKeyValueBytesStoreTests()
    {
        _store = new CachingKeyValueBytesStore(_inner, _budget);
        _store.Init(new PlainStoreContext(), _store);
        _store.SetFlushListener((k, n, o) => _flushed.Add((k, n, o)));
    }

    [Fact]
    public void Writes_are_merged_per_key_and_flushed_once_with_the_previous_stored_value()
    {
        _inner.Put([1], [10]);
        _store.Put([1], [11]);
        _store.Put([1], [12]);

        _store.Get([1]).Should().Equal(12);
        _inner.Get([1]).Should().Equal(10);

        _store.Flush();

        _inner.Get([1]).Should().Equal(12);
        _flushed.Should().ContainSingle();
        (_flushed[0].New, _flushed[0].Old).Should().BeEquivalentTo((new byte[] { 12 }, new byte[] { 10 }));
    }

    [Fact]
    public void Shrinking_the_budget_when_a_stream_thread_is_added_evicts_down_to_it_on_the_next_write()
    {
        var entry = 1 + 1 + RecordCache.EntryOverhead;
        _budget.MaxBytes = 10 * entry;
        for (byte k = 0; k < 8; k++)
        {
            _store.Put([k], [k]);
        }

        _flushed.Should().BeEmpty("8 entries fit in a budget of 10");

        _budget.MaxBytes = 4 * entry;
        _flushed.Should().BeEmpty("a resize alone evicts nothing");
        _store.Put([8], [8]);

        _budget.CurrentBytes.Should().BeLessThanOrEqualTo(4 * entry);
        _flushed.Select(f => f.Key[0]).Should().Equal(new byte[] { 0, 1, 2, 3, 4 }, "the least recently used entries are evicted and flushed first");
        _inner.Get([0]).Should().Equal(0);
    }

    [Fact]
    public void A_cached_delete_hides_the_stored_key_and_is_flushed_as_a_tombstone()
    {
        _inner.Put([1], [10]);
        _store.Delete([1]);

        _store.Get([1]).Should().BeNull();
        using (var range = _store.Range(null, null))
        {
            range.MoveNext().Should().BeFalse();
        }

        _store.Flush();
        _inner.Get([1]).Should().BeNull();
        _flushed.Single().New.Should().BeNull();
    }

    [Fact]
    public void Range_and_prefix_scans_merge_cache_and_store_in_key_order()
    {
        _inner.Put([1], [1]);
        _inner.Put([3], [3]);
        _store.Put([2], [2]);
        _store.Put([3], [33]);
        _store.Put([9], [9]);

        Read(_store.Range([1], [3])).Should().Equal((1, 1), (2, 2), (3, 33));
        Read(_store.PrefixScan([9])).Should().Equal((9, 9));
    }

    [Fact]
    public void The_budget_counts_entries_and_returns_to_zero_when_the_store_closes()
    {
        _store.Put([1], [1, 2, 3]);
        _budget.CurrentBytes.Should().Be(1 + 3 + RecordCache.EntryOverhead);

        _store.Close();

        _budget.CurrentBytes.Should().Be(0);
    }

    private static List<(byte, byte)> Read(Streams.State.IKeyValueIterator<byte[], byte[]> it)
    {
        using (it)
        {
            var result = new List<(byte, byte)>();
            while (it.MoveNext())
            {
                result.Add((it.Current.Key[0], it.Current.Value[0]));
            }

            return result;
        }
    }
}
