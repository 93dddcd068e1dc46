using Streams.State;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.State.Internal;

public class InMemoryKeyValueBytesStoreTests
{
    private readonly InMemoryKeyValueBytesStore _store = new("kv");
    private readonly FakeStoreContext _context = new();

    public InMemoryKeyValueBytesStoreTests() => _store.Init(_context, _store);

    [Fact]
    public void Init_opens_the_store_and_registers_the_root_with_this_store_as_restore_callback()
    {
        var store = new InMemoryKeyValueBytesStore("s");
        var root = new InMemoryKeyValueBytesStore("root");
        var context = new FakeStoreContext();
        store.IsOpen.Should().BeFalse();

        store.Init(context, root);

        store.IsOpen.Should().BeTrue();
        store.Persistent.Should().BeFalse();
        context.Registered.Should().ContainSingle();
        context.Registered[0].Store.Should().BeSameAs(root);
        context.Registered[0].Callback.Should().BeSameAs(store);
    }

    [Fact]
    public void Use_before_init_throws_ObjectDisposedException()
    {
        var store = new InMemoryKeyValueBytesStore("s");

        FluentActions.Invoking(() => store.Get([1])).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => store.Put([1], [1])).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Put_and_get_round_trip_and_overwrite()
    {
        _store.Put([1, 2], [10]);
        _store.Put([1, 2], [20]);
        _store.Put([1], [30]);

        _store.Get([1, 2]).Should().Equal(20);
        _store.Get([1]).Should().Equal(30);
        _store.Get([2]).Should().BeNull();
        _store.ApproximateNumEntries.Should().Be(2);
    }

    [Fact]
    public void Put_copies_the_key()
    {
        var key = new byte[] { 1 };
        _store.Put(key, [10]);

        key[0] = 2;

        _store.Get([1]).Should().Equal(10);
        _store.Get([2]).Should().BeNull();
    }

    [Fact]
    public void Empty_key_is_a_valid_key()
    {
        _store.Put([], [1]);

        _store.Get([]).Should().Equal(1);
        All().Should().ContainSingle().Which.Key.Should().BeEmpty();
    }

    [Fact]
    public void Keys_iterate_in_unsigned_byte_order()
    {
        foreach (var k in new byte[][] { [0xFF], [0x01], [0x80], [0x7F], [0x00], [0x01, 0x00], [0xFF, 0x00], [0x7F, 0xFF] })
        {
            _store.Put(k, [0]);
        }

        All().Select(kv => Convert.ToHexString(kv.Key)).Should().Equal("00", "01", "0100", "7F", "7FFF", "80", "FF", "FF00");
    }

    [Fact]
    public void Key_order_reads_see_every_write_made_before_and_after_the_first_of_them()
    {
        // The sorted key set is built by the first read in key order and kept up to date from then on.
        PutKeys(5, 1, 9);
        _store.Delete([9]);
        Keys(_store.Range(null, null)).Should().Equal(1, 5);

        PutKeys(3, 7);
        _store.Delete([1]);
        _store.Put([5], null);
        Keys(_store.Range(null, null)).Should().Equal(3, 7);
        Keys(_store.PrefixScan([7])).Should().Equal(7);

        _store.RestoreBatch([new([2], [1]), new([3], null)]);
        _store.EndRestore();
        PutKeys(8);
        Keys(_store.ReverseRange(null, null)).Should().Equal(8, 7, 2);
    }

    [Fact]
    public void A_key_order_read_of_the_empty_store_then_writes_then_another_read_sees_every_key_in_order()
    {
        // The first read finds nothing to order (a window store's index rebuild at open): the writes after it are seen.
        Keys(_store.Range(null, null)).Should().BeEmpty();
        PutKeys(6, 2, 9);
        _store.Delete([9]);

        Keys(_store.Range(null, null)).Should().Equal(2, 6);
        PutKeys(4);
        Keys(_store.ReverseRange(null, null)).Should().Equal(6, 4, 2);
    }

    [Fact]
    public void Key_order_is_rebuilt_after_close_and_reopen()
    {
        PutKeys(4, 2);
        Keys(_store.Range(null, null)).Should().Equal(2, 4);
        _store.Close();
        _store.Init(_context, _store);

        PutKeys(6, 1);

        Keys(_store.Range(null, null)).Should().Equal(1, 6);
    }

    [Fact]
    public void Range_includes_both_bounds()
    {
        PutKeys(1, 2, 3, 4, 5);

        Keys(_store.Range([2], [4])).Should().Equal(2, 3, 4);
        Keys(_store.Range([3], [3])).Should().Equal(3);
    }

    [Fact]
    public void Range_bounds_need_not_be_present_keys()
    {
        PutKeys(10, 20, 30);

        Keys(_store.Range([15], [25])).Should().Equal(20);
        Keys(_store.Range([0], [255])).Should().Equal(10, 20, 30);
        Keys(_store.Range([11], [19])).Should().BeEmpty();
    }

    [Fact]
    public void Range_with_null_bounds_is_open_on_that_side()
    {
        PutKeys(1, 2, 3, 4, 5);

        Keys(_store.Range(null, [2])).Should().Equal(1, 2);
        Keys(_store.Range([4], null)).Should().Equal(4, 5);
        Keys(_store.Range(null, null)).Should().Equal(1, 2, 3, 4, 5);
    }

    [Fact]
    public void Range_with_from_after_to_is_empty()
    {
        PutKeys(1, 2, 3);

        Keys(_store.Range([3], [1])).Should().BeEmpty();
    }

    [Fact]
    public void Range_on_an_empty_store_is_empty()
    {
        Keys(_store.Range([1], [2])).Should().BeEmpty();
        Keys(_store.Range(null, null)).Should().BeEmpty();
    }

    [Fact]
    public void Range_with_an_open_upper_bound_starting_after_the_last_key_is_empty()
    {
        PutKeys(1, 2, 3);

        Keys(_store.Range([9], null)).Should().BeEmpty();
    }

    [Fact]
    public void Range_with_an_open_lower_bound_ending_before_the_first_key_is_empty()
    {
        PutKeys(5, 6);

        Keys(_store.Range(null, [1])).Should().BeEmpty();
    }

    [Fact]
    public void PrefixScan_returns_keys_starting_with_the_prefix_in_order()
    {
        foreach (var k in new[] { "b", "abc", "a", "ab", "aa", "abd", "ac" })
        {
            _store.Put(System.Text.Encoding.ASCII.GetBytes(k), [0]);
        }

        Strings(_store.PrefixScan("ab"u8.ToArray())).Should().Equal("ab", "abc", "abd");
        Strings(_store.PrefixScan("a"u8.ToArray())).Should().Equal("a", "aa", "ab", "abc", "abd", "ac");
        Strings(_store.PrefixScan([])).Should().HaveCount(7);
    }

    [Fact]
    public void PrefixScan_with_no_match_is_empty()
    {
        foreach (var k in new[] { "b", "c" })
        {
            _store.Put(System.Text.Encoding.ASCII.GetBytes(k), [0]);
        }

        Strings(_store.PrefixScan("a"u8.ToArray())).Should().BeEmpty("the prefix sorts before every key");
        Strings(_store.PrefixScan("bb"u8.ToArray())).Should().BeEmpty("the prefix sorts between keys");
        Strings(_store.PrefixScan("z"u8.ToArray())).Should().BeEmpty("the prefix sorts after every key");
    }

    [Fact]
    public void PrefixScan_handles_high_bytes_unsigned()
    {
        foreach (var k in new byte[][] { [0x7F, 0x01], [0x80, 0x00], [0xFF], [0xFF, 0x00], [0xFF, 0xFF], [0x01] })
        {
            _store.Put(k, [0]);
        }

        HexKeys(_store.PrefixScan([0xFF])).Should().Equal("FF", "FF00", "FFFF");
        HexKeys(_store.PrefixScan([0x80])).Should().Equal("8000");
        HexKeys(_store.PrefixScan([0xFF, 0xFF, 0xFF])).Should().BeEmpty();
    }

    [Fact]
    public void PrefixScan_on_an_empty_store_is_empty()
    {
        Keys(_store.PrefixScan([1])).Should().BeEmpty();
    }

    [Fact]
    public void Putting_null_deletes_the_key()
    {
        PutKeys(1, 2);

        _store.Put([1], null);

        _store.Get([1]).Should().BeNull();
        Keys(_store.Range(null, null)).Should().Equal(2);
        _store.ApproximateNumEntries.Should().Be(1);
    }

    [Fact]
    public void Delete_removes_the_key_and_ignores_absent_keys()
    {
        PutKeys(1, 2);

        _store.Delete([2]);
        _store.Delete([9]);

        _store.Get([2]).Should().BeNull();
        Keys(_store.Range(null, null)).Should().Equal(1);
    }

    [Fact]
    public void A_deleted_key_can_be_put_again()
    {
        _store.Put([1], [1]);
        _store.Delete([1]);
        _store.Put([1], [2]);

        _store.Get([1]).Should().Equal(2);
        All().Should().ContainSingle();
    }

    [Fact]
    public void PutAll_applies_entries_in_order()
    {
        _store.PutAll([new([1], [1]), new([2], [2]), new([1], null), new([3], [3]), new([3], [4])]);

        _store.Get([1]).Should().BeNull();
        _store.Get([2]).Should().Equal(2);
        _store.Get([3]).Should().Equal(4);
    }

    [Fact]
    public void RestoreBatch_applies_puts_and_tombstones()
    {
        PutKeys(1);

        _store.RestoreBatch([new([2], [20]), new([1], null)]);

        Keys(_store.Range(null, null)).Should().Equal(2);
    }

    [Fact]
    public void Iterator_sees_the_keys_present_when_it_was_created()
    {
        PutKeys(1, 2, 3);
        using var iterator = _store.Range(null, null);

        _store.Put([4], [0]);
        _store.Delete([2]);

        Keys(iterator).Should().Equal(1, 3);
    }

    [Fact]
    public void Store_may_be_written_while_iterating()
    {
        PutKeys(1, 2, 3, 4);
        var seen = new List<byte>();
        using var iterator = _store.Range(null, null);

        while (iterator.MoveNext())
        {
            seen.Add(iterator.Current.Key[0]);
            _store.Delete(iterator.Current.Key);
            _store.Put([(byte)(iterator.Current.Key[0] + 100)], [0]);
        }

        seen.Should().Equal(1, 2, 3, 4);
        Keys(_store.Range(null, null)).Should().Equal(101, 102, 103, 104);
    }

    [Fact]
    public void Iterator_throws_ObjectDisposedException_after_the_store_closes()
    {
        PutKeys(1, 2);
        using var iterator = _store.Range(null, null);
        iterator.MoveNext().Should().BeTrue();

        _store.Close();

        iterator.Invoking(i => i.MoveNext()).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Iterator_is_forward_only()
    {
        using var iterator = _store.Range(null, null);

        iterator.Invoking(i => i.Reset()).Should().Throw<NotSupportedException>();
    }

    [Fact]
    public void Close_drops_the_data_and_later_use_throws()
    {
        PutKeys(1);

        _store.Close();

        _store.IsOpen.Should().BeFalse();
        _store.ApproximateNumEntries.Should().Be(0);
        FluentActions.Invoking(() => _store.Get([1])).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => _store.Range(null, null)).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => _store.PrefixScan([1])).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => _store.Delete([1])).Should().Throw<ObjectDisposedException>();
    }

    private void PutKeys(params byte[] keys)
    {
        foreach (var k in keys)
        {
            _store.Put([k], [k]);
        }
    }

    private List<KeyValuePair<byte[], byte[]>> All()
    {
        using var iterator = _store.Range(null, null);
        var result = new List<KeyValuePair<byte[], byte[]>>();
        while (iterator.MoveNext())
        {
            result.Add(iterator.Current);
        }

        return result;
    }

    private static List<byte> Keys(IKeyValueIterator<byte[], byte[]> iterator)
    {
        var result = new List<byte>();
        using (iterator)
        {
            while (iterator.MoveNext())
            {
                iterator.Current.Key.Should().HaveCount(1);
                result.Add(iterator.Current.Key[0]);
            }
        }

        return result;
    }

    private static List<string> HexKeys(IKeyValueIterator<byte[], byte[]> iterator)
    {
        var result = new List<string>();
        using (iterator)
        {
            while (iterator.MoveNext())
            {
                result.Add(Convert.ToHexString(iterator.Current.Key));
            }
        }

        return result;
    }

    private static List<string> Strings(IKeyValueIterator<byte[], byte[]> iterator)
    {
        var result = new List<string>();
        using (iterator)
        {
            while (iterator.MoveNext())
            {
                result.Add(System.Text.Encoding.ASCII.GetString(iterator.Current.Key));
            }
        }

        return result;
    }
}
