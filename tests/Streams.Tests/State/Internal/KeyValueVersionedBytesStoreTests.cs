using System.Text;
using Streams.State;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.State.Internal;

/// <summary>The layout-level behaviour of the versioned store; its read semantics are pinned by the store contract tests.</summary>
public class KeyValueVersionedBytesStoreTests
{
    private readonly InMemoryKeyValueBytesStore _inner = new("v");
    private readonly KeyValueVersionedBytesStore _store;

    public KeyValueVersionedBytesStoreTests()
    {
        _store = new KeyValueVersionedBytesStore(_inner, historyRetentionMs: 100, segmentIntervalMs: 50);
        _store.Init(new FakeStoreContext(), _store);
    }

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Expired_history_is_deleted_once_stream_time_has_advanced_a_segment_interval()
    {
        var inner = new InMemoryKeyValueBytesStore("p");
        var store = new KeyValueVersionedBytesStore(inner, historyRetentionMs: 60, segmentIntervalMs: 50);
        store.Init(new FakeStoreContext(), store);
        store.Put(B("k"), B("v1"), 0);     // first purge point: 0
        store.Put(B("k"), B("v2"), 10);    // v1 moves to history, valid to 10
        store.Delete(B("d"), 20);          // a trailing delete of another key
        store.Put(B("z"), B("z"), 60);     // purge at 60 (bound 0): nothing expired yet
        store.Put(B("y"), B("y"), 100);    // bound 40: v1 and the delete expired, but 40 ms after the last purge
        var before = inner.ApproximateNumEntries;
        store.Get(B("k"), 5).Should().BeNull("expired history is never read");

        store.Put(B("w"), B("w"), 110);    // 50 ms after the last purge (bound 50): v1 and the delete are deleted

        inner.ApproximateNumEntries.Should().Be(before + 1 - 2);
        store.Get(B("k"), 100)!.Value.Should().Equal(B("v2"));
        store.Get(B("k"))!.TimestampMs.Should().Be(10);
    }

    [Fact]
    public void The_observed_stream_time_is_stored_at_flush_and_read_back_on_init()
    {
        _store.Put(B("k"), B("v"), 1_000);
        _store.Flush();

        var reopened = new KeyValueVersionedBytesStore(_inner, historyRetentionMs: 100, segmentIntervalMs: 50);
        reopened.Init(new FakeStoreContext(), reopened);

        reopened.ObservedStreamTime.Should().Be(1_000);
        reopened.Put(B("k"), B("late"), 899).Should().Be(VersionedKeyValueStore.PutReturnCodeNotPut);
    }

    [Fact]
    public void Reads_do_not_change_what_is_stored()
    {
        _store.Put(B("k"), B("v1"), 0);
        _store.Put(B("k"), B("v2"), 10);
        var count = _inner.ApproximateNumEntries;

        _store.Get(B("k"), 5);
        _store.GetVersions(B("k"), 0, 100, ResultOrder.Ascending);

        _inner.ApproximateNumEntries.Should().Be(count);
    }
}
