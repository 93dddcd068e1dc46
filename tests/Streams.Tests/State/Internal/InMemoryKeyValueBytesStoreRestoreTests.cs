using Streams.State;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.State.Internal;

/// <summary>
/// Restoring an <see cref="InMemoryKeyValueBytesStore"/>: batches update the hash map only and the sorted keys are
/// rebuilt afterwards, so every read after a restore must see exactly the restored state, in key order.
/// </summary>
public class InMemoryKeyValueBytesStoreRestoreTests
{
    private readonly InMemoryKeyValueBytesStore _store = new("kv");

    public InMemoryKeyValueBytesStoreRestoreTests() => _store.Init(new FakeStoreContext(), _store);

    [Fact]
    public void Ranges_after_a_restore_see_restored_keys_in_order_without_those_deleted_by_tombstones()
    {
        _store.Put([5], [50]);
        _store.BeginRestore();
        _store.RestoreBatch([new([3], [30]), new([1], [10]), new([4], [40])]);
        _store.RestoreBatch([new([5], null), new([2], [20]), new([3], [31])]);
        _store.EndRestore();

        Keys(_store.Range(null, null)).Should().Equal(1, 2, 3, 4);
        Keys(_store.ReverseRange([2], [4])).Should().Equal(4, 3, 2);
        _store.Get([3]).Should().Equal(31);
        _store.Get([5]).Should().BeNull();
        _store.ApproximateNumEntries.Should().Be(4);
    }

    [Fact]
    public void Without_the_end_of_restore_call_the_first_range_still_sees_the_restored_keys()
    {
        _store.RestoreBatch([new([2], [20]), new([1], [10])]);

        Keys(_store.PrefixScan([1])).Should().Equal(1);
        Keys(_store.Range(null, null)).Should().Equal(1, 2);
    }

    [Fact]
    public void Writes_after_a_restore_keep_the_sorted_keys_in_step()
    {
        _store.RestoreBatch([new([2], [20]), new([4], [40])]);
        _store.EndRestore();

        _store.Put([3], [30]);
        _store.Delete([2]);
        _store.RestoreBatch([new([1], [10])]);
        _store.Put([0], [0]);

        Keys(_store.Range(null, null)).Should().Equal(0, 1, 3, 4);
    }

    private static List<byte> Keys(IKeyValueIterator<byte[], byte[]> iterator)
    {
        using (iterator)
        {
            var keys = new List<byte>();
            while (iterator.MoveNext())
            {
                keys.Add(iterator.Current.Key[0]);
            }

            return keys;
        }
    }
}
