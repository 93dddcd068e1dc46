using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging.Abstractions;
using Streams.Queries;
using Streams.Queries.Internal;
using Streams.Serialization;
using Streams.State;

namespace Streams.Tests.Queries.Internal;

public class StoreChangeSubscriptionTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly LocalStores _stores = LocalStores.Active();

    [Fact]
    public void Puts_and_deletes_of_every_partition_are_pushed_in_write_order_with_value_and_timestamp()
    {
        var observer = Subscribe<string, long>("counts");

        _stores.Put(1, "a", 5, timestamp: 100);
        _stores.Put(0, "b", 6, timestamp: 200);
        _stores.Counts[1].Delete("a");
        _stores.Counts[0].Put("b", null);
        _stores.Registry.Close();

        observer.Completed.Wait(s_wait).Should().BeTrue();
        observer.Changes.Should().Equal(
            new StoreChange<string, long>("counts", 1, "a", 5, false, 100),
            new StoreChange<string, long>("counts", 0, "b", 6, false, 200),
            new StoreChange<string, long>("counts", 1, "a", 0, true, _stores.Contexts[1].RecordTimestamp),
            new StoreChange<string, long>("counts", 0, "b", 0, true, _stores.Contexts[0].RecordTimestamp));
        observer.Error.Should().BeNull();
    }

    [Fact]
    public void An_aggregation_update_written_in_parts_is_pushed_with_its_value_and_timestamp()
    {
        var observer = Subscribe<string, long>("counts");
        var counts = _stores.Counts[1];

        counts.PutParts("a", counts.RawKey("a"), 7, 300, headers: null);
        _stores.Registry.Close();

        observer.Completed.Wait(s_wait).Should().BeTrue();
        observer.Changes.Should().Equal(new StoreChange<string, long>("counts", 1, "a", 7, false, 300));
    }

    [Fact]
    public void Nothing_is_published_without_subscribers_and_writes_before_subscribing_are_not_replayed()
    {
        _stores.Registry.Hub("counts").HasSubscribers.Should().BeFalse();
        _stores.Put(0, "before", 1);

        var observer = Subscribe<string, long>("counts");
        _stores.Registry.Hub("counts").HasSubscribers.Should().BeTrue();
        _stores.Put(0, "after", 2);
        _stores.Registry.Close();

        observer.Completed.Wait(s_wait).Should().BeTrue();
        observer.Changes.Select(c => c.Key).Should().Equal("after");
    }

    [Fact]
    public void Restoring_from_the_changelog_is_not_pushed()
    {
        var observer = Subscribe<string, long>("counts");

        _stores.Contexts[0].Restorers["counts"].RestoreBatch([new("restored"u8.ToArray(), new byte[16])]);
        _stores.Put(0, "processed", 1);
        _stores.Registry.Close();

        observer.Completed.Wait(s_wait).Should().BeTrue();
        observer.Changes.Select(c => c.Key).Should().Equal("processed");
        _stores.Counts[0].TryGet("restored", out _).Should().BeTrue("the restored record is in the store, just not pushed");
    }

    [Fact]
    public void A_revoked_task_stops_pushing()
    {
        var observer = Subscribe<string, long>("counts");

        _stores.Registry.Unregister(new(0, 0));
        _stores.Put(0, "after-revoke", 1);
        _stores.Put(1, "still-here", 2);
        _stores.Registry.Close();

        observer.Completed.Wait(s_wait).Should().BeTrue();
        observer.Changes.Select(c => c.Key).Should().Equal("still-here");
    }

    [Fact]
    public void A_subscriber_that_falls_behind_its_capacity_gets_the_queued_changes_then_an_overflow_error()
    {
        using var release = new ManualResetEventSlim();
        var observer = new Recorder<string, long>(onNext: release.Wait);
        var hub = _stores.Registry.Hub("counts");
        using var subscription = new StoreChangeSubscription<string, long>(hub, observer, capacity: 2, NullLogger.Instance);
        subscription.Start();

        // The first change is taken by the blocked observer; two more fill the queue; the fourth overflows.
        _stores.Put(0, "k1", 1);
        SpinWait.SpinUntil(() => observer.Started, s_wait).Should().BeTrue();
        _stores.Put(0, "k2", 2);
        _stores.Put(0, "k3", 3);
        _stores.Put(0, "k4", 4);
        hub.HasSubscribers.Should().BeFalse("the overflowing subscriber is removed at once, on the writing thread");
        _stores.Put(0, "k5", 5);
        release.Set();

        observer.Completed.Wait(s_wait).Should().BeTrue();
        observer.Changes.Select(c => c.Key).Should().Equal("k1", "k2", "k3");
        observer.Error.Should().BeOfType<StoreChangeOverflowException>().Which.Message.Should().Contain("'counts'").And.Contain("2 changes behind");
    }

    [Fact]
    public void A_subscriber_that_throws_is_unsubscribed_without_affecting_the_writer()
    {
        var observer = new Recorder<string, long>(onNext: () => throw new InvalidOperationException("subscriber bug"));
        var hub = _stores.Registry.Hub("counts");
        var subscription = new StoreChangeSubscription<string, long>(hub, observer, 10, NullLogger.Instance);
        subscription.Start();

        _stores.Put(0, "a", 1);
        SpinWait.SpinUntil(() => !hub.HasSubscribers, s_wait).Should().BeTrue();
        _stores.Put(0, "b", 2);

        _stores.CountsView().Get("b").Should().Be(2);
    }

    [Fact]
    public void Subscribing_after_the_application_stopped_completes_at_once()
    {
        _stores.Registry.Close();

        var observer = Subscribe<string, long>("counts");

        observer.Completed.Wait(s_wait).Should().BeTrue();
        observer.Changes.Should().BeEmpty();
    }

    [Fact]
    public void Observing_with_other_types_ends_the_subscription_with_an_error_naming_the_types()
    {
        var observer = Subscribe<string, string>("counts");

        _stores.Put(0, "a", 1);

        observer.Completed.Wait(s_wait).Should().BeTrue();
        observer.Error.Should().BeOfType<InvalidStateStoreException>().Which.Message.Should().Contain("Int64").And.Contain("StoreChange<String, String>");
    }

    [Fact]
    public void WhereKey_keeps_only_the_changes_of_one_key()
    {
        using var subject = new Subject<StoreChange<string, long>>();
        var seen = new List<long>();
        using var _ = subject.WhereKey("b").Subscribe(c => seen.Add(c.Value));

        subject.OnNext(new("s", 0, "a", 1, false, 0));
        subject.OnNext(new("s", 0, "b", 2, false, 0));
        subject.OnNext(new("s", 1, "bb", 3, false, 0));
        subject.OnNext(new("s", 1, "b", 4, false, 0));

        seen.Should().Equal(2, 4);
    }

    [Fact]
    public void WhereKeyInRange_compares_serialized_keys_with_inclusive_bounds()
    {
        using var subject = new Subject<StoreChange<int, long>>();
        var seen = new List<int>();
        using var _ = subject.WhereKeyInRange(1, 256, Serdes.Int32).Subscribe(c => seen.Add(c.Key));

        foreach (var key in new[] { 0, 1, 2, 256, 257, -1 })
        {
            subject.OnNext(new("s", 0, key, key, false, 0));
        }

        seen.Should().Equal(1, 2, 256);
    }

    [Fact]
    public void WhereKeyInRange_treats_null_bounds_as_open_in_serialized_order()
    {
        using var subject = new Subject<StoreChange<string, long>>();
        var from = new List<string>();
        var to = new List<string>();
        using var a = subject.WhereKeyInRange("b", null, Serdes.String!).Subscribe(c => from.Add(c.Key));
        using var b = subject.WhereKeyInRange(null, "b", Serdes.String!).Subscribe(c => to.Add(c.Key));

        foreach (var key in new[] { "a", "b", "ba", "c", "B" })
        {
            subject.OnNext(new("s", 0, key, 0, false, 0));
        }

        from.Should().Equal("b", "ba", "c");
        to.Should().Equal(["a", "b", "B"], "upper-case letters sort before lower-case ones in UTF-8");
    }

    private Recorder<TKey, TValue> Subscribe<TKey, TValue>(string storeName)
    {
        var recorder = new Recorder<TKey, TValue>();
        var hub = _stores.Registry.Hub(storeName);
        Observable.Create<StoreChange<TKey, TValue>>(o =>
        {
            var s = new StoreChangeSubscription<TKey, TValue>(hub, o, 100, NullLogger.Instance);
            s.Start();
            return s;
        }).Subscribe(recorder);
        return recorder;
    }

    private sealed class Recorder<TKey, TValue>(Action? onNext = null) : IObserver<StoreChange<TKey, TValue>>
    {
        private readonly ConcurrentQueue<StoreChange<TKey, TValue>> _changes = new();

        public ManualResetEventSlim Completed { get; } = new();

        public IReadOnlyList<StoreChange<TKey, TValue>> Changes => [.. _changes];

        public Exception? Error { get; private set; }

        private volatile bool _started;

        public bool Started => _started;

        public void OnNext(StoreChange<TKey, TValue> value)
        {
            _started = true;
            onNext?.Invoke();
            _changes.Enqueue(value);
        }

        public void OnError(Exception error)
        {
            Error = error;
            Completed.Set();
        }

        public void OnCompleted() => Completed.Set();
    }
}
