using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.State.Internal;

public class ListValueKeyValueBytesStoreTests
{
    private readonly InMemoryKeyValueBytesStore _inner = new("list");
    private readonly ListValueKeyValueBytesStore _store;

    public ListValueKeyValueBytesStoreTests()
    {
        _store = new ListValueKeyValueBytesStore(_inner);
        _store.Init(new FakeStoreContext(), _store);
    }

    [Fact]
    public void Puts_append_to_the_key_list_and_range_reads_return_each_value_in_put_order()
    {
        _store.Put([1], [10]);
        _store.Put([1], [11, 12]);
        _store.Put([2], [20]);

        Entries(_store.Range(null, null)).Should().Equal("01:0A", "01:0B0C", "02:14");
        _store.Get([1]).Should().Equal(10);
    }

    [Fact]
    public void A_put_of_null_or_a_delete_removes_the_whole_list()
    {
        _store.Put([1], [10]);
        _store.Put([1], [11]);
        _store.Put([2], [20]);
        _store.Put([1], null);
        _store.Delete([2]);

        Entries(_store.Range(null, null)).Should().BeEmpty();
        _store.Get([1]).Should().BeNull();
    }

    [Fact]
    public void The_inner_store_holds_the_whole_list_so_a_changelog_below_restores_it()
    {
        _store.Put([1], [10]);
        _store.Put([1], [11]);

        var restored = new ListValueKeyValueBytesStore(new InMemoryKeyValueBytesStore("copy"));
        var context = new FakeStoreContext();
        restored.Init(context, restored);
        context.Registered.Single().Callback.RestoreBatch([new([1], _inner.Get([1]))]);

        Entries(restored.PrefixScan([1])).Should().Equal("01:0A", "01:0B");
    }

    /// <summary>Each entry as "key:value" in hex.</summary>
    private static List<string> Entries(Streams.State.IKeyValueIterator<byte[], byte[]> iterator)
    {
        var result = new List<string>();
        using (iterator)
        {
            while (iterator.MoveNext())
            {
                result.Add($"{Convert.ToHexString(iterator.Current.Key)}:{Convert.ToHexString(iterator.Current.Value)}");
            }
        }

        return result;
    }
}
