using System.Text;
using Streams.State.Internal;

namespace Streams.Tests.State.Internal;

/// <summary>
/// Kafka Streams' <c>MergedSortedCacheWrappedWindowStoreIteratorTest</c>
/// (streams/src/test/java/org/apache/kafka/streams/state/internals/MergedSortedCacheWrappedWindowStoreIteratorTest.java),
/// ported for the one window key schema here (<c>WINDOW_KEY_SCHEMA</c>; Kafka also runs it with its key-first and
/// time-first schemas). Kafka's <c>shouldPeekNext*Key*</c> methods check the order through <c>peekNextKey</c>, which the
/// iterators here do not have; their ports check the same order through <c>Current</c>.
/// </summary>
public class MergedSortedCacheWrappedWindowStoreIteratorTest
{
    private static readonly byte[] KeyA = "a"u8.ToArray();
    private readonly NamedCache _cache = new(new RecordCache(1_000_000), sorted: true);
    private readonly List<KeyValuePair<long, byte[]>> _windowStoreKvPairs = [];

    /// <summary>Kafka: MergedSortedCacheWrappedWindowStoreIteratorTest#shouldIterateOverValueFromBothIterators.</summary>
    [Fact]
    public void ShouldIterateOverValueFromBothIterators()
    {
        var expected = Fill();

        using var iterator = Iterator(forward: true);

        Read(iterator).Should().Equal(expected);
    }

    /// <summary>Kafka: MergedSortedCacheWrappedWindowStoreIteratorTest#shouldReverseIterateOverValueFromBothIterators.</summary>
    [Fact]
    public void ShouldReverseIterateOverValueFromBothIterators()
    {
        var expected = Fill();
        _windowStoreKvPairs.Reverse();
        expected.Reverse();

        using var iterator = Iterator(forward: false);

        Read(iterator).Should().Equal(expected);
    }

    /// <summary>Kafka: MergedSortedCacheWrappedWindowStoreIteratorTest#shouldPeekNextStoreKey (the order, through Current).</summary>
    [Fact]
    public void ShouldPeekNextStoreKey()
    {
        _windowStoreKvPairs.Add(new(10, "a"u8.ToArray()));
        _cache.PutDirty(WindowKeySchema.ToStoreKey(KeyA, 0), "b"u8.ToArray());

        using var iterator = Iterator(forward: true);

        Read(iterator).Select(kv => kv.Key).Should().Equal(0L, 10L);
    }

    /// <summary>Kafka: MergedSortedCacheWrappedWindowStoreIteratorTest#shouldPeekNextStoreKeyReverse (the order, through Current).</summary>
    [Fact]
    public void ShouldPeekNextStoreKeyReverse()
    {
        _windowStoreKvPairs.Add(new(10, "a"u8.ToArray()));
        _cache.PutDirty(WindowKeySchema.ToStoreKey(KeyA, 0), "b"u8.ToArray());

        using var iterator = Iterator(forward: false);

        Read(iterator).Select(kv => kv.Key).Should().Equal(10L, 0L);
    }

    /// <summary>Kafka: MergedSortedCacheWrappedWindowStoreIteratorTest#shouldPeekNextCacheKey (the order, through Current).</summary>
    [Fact]
    public void ShouldPeekNextCacheKey()
    {
        _windowStoreKvPairs.Add(new(0, "a"u8.ToArray()));
        _cache.PutDirty(WindowKeySchema.ToStoreKey(KeyA, 10), "b"u8.ToArray());

        using var iterator = Iterator(forward: true);

        Read(iterator).Select(kv => kv.Key).Should().Equal(0L, 10L);
    }

    /// <summary>Kafka: MergedSortedCacheWrappedWindowStoreIteratorTest#shouldPeekNextCacheKeyReverse (the order, through Current).</summary>
    [Fact]
    public void ShouldPeekNextCacheKeyReverse()
    {
        _windowStoreKvPairs.Add(new(0, "a"u8.ToArray()));
        _cache.PutDirty(WindowKeySchema.ToStoreKey(KeyA, 10), "b"u8.ToArray());

        using var iterator = Iterator(forward: false);

        Read(iterator).Select(kv => kv.Key).Should().Equal(10L, 0L);
    }

    /// <summary>
    /// Not in Kafka's test: the cache's byte range <c>[a || 0, a || 100]</c> also holds windows of a longer key that starts
    /// with the same byte and sorts inside it; the merge skips them, and the cached window that replaces a stored one wins.
    /// </summary>
    [Fact]
    public void Windows_of_other_keys_inside_the_cached_byte_range_are_skipped_and_cached_windows_replace_stored_ones()
    {
        _windowStoreKvPairs.Add(new(20, "stored"u8.ToArray()));
        _cache.PutDirty(WindowKeySchema.ToStoreKey(KeyA, 20), "cached"u8.ToArray());
        byte[] longer = [(byte)'a', 0x80, 0, 0, 0, 0, 0, 0, 0, 30]; // "a" then bytes that sort between a||0 and a||100
        _cache.PutDirty(WindowKeySchema.ToStoreKey(longer, 5), "other"u8.ToArray());

        using var iterator = Iterator(forward: true);

        Read(iterator).Should().Equal(new[] { new KeyValuePair<long, string>(20, "cached") });
    }

    private List<KeyValuePair<long, string>> Fill()
    {
        var expected = new List<KeyValuePair<long, string>>();
        for (long t = 0; t < 100; t += 20)
        {
            _windowStoreKvPairs.Add(new(t, Encoding.UTF8.GetBytes(t.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            expected.Add(new(t, t.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var value = (t + 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
            expected.Add(new(t + 10, value));
            _cache.PutDirty(WindowKeySchema.ToStoreKey(KeyA, t + 10), Encoding.UTF8.GetBytes(value));
        }

        return expected;
    }

    private MergedSortedCacheWindowStoreIterator Iterator(bool forward) => new(
        _cache.Range(WindowKeySchema.ToStoreKey(KeyA, 0), WindowKeySchema.ToStoreKey(KeyA, 100)),
        new EnumeratorIterator<long, byte[]>(_windowStoreKvPairs.ToList(), "store", () => true),
        forward,
        KeyA,
        0,
        100,
        _ => false,
        "one",
        () => true);

    private static List<KeyValuePair<long, string>> Read(MergedSortedCacheWindowStoreIterator iterator)
    {
        var read = new List<KeyValuePair<long, string>>();
        while (iterator.MoveNext())
        {
            read.Add(new(iterator.Current.Key, Encoding.UTF8.GetString(iterator.Current.Value)));
        }

        return read;
    }
}
