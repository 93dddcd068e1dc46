using Streams.Processor;
using Streams.Queries;
using Streams.Queries.Internal;

namespace Streams.Tests.Queries.Internal;

public class StoreViewProviderTests
{
    [Fact]
    public void A_view_of_a_partition_that_is_not_local_throws_the_partition_exception()
    {
        var stores = LocalStores.Active();

        stores.Invoking(s => s.CountsView(partition: 5).Get("a"))
            .Should().Throw<InvalidStateStorePartitionException>().WithMessage("*Partition 5 of store 'counts'*");
    }

    [Fact]
    public void A_restoring_store_answers_only_stale_queries()
    {
        var stores = new LocalStores { State = StreamsState.Rebalancing };
        stores.Register(0);
        stores.Put(0, "a", 3);

        stores.Invoking(s => s.CountsView().Get("a")).Should().Throw<StreamsRebalancingException>().WithMessage("*Partition 0 of store 'counts' is restoring*");
        stores.CountsView(stale: true).Get("a").Should().Be(3);

        stores.Tasks[0].Activate();
        stores.CountsView().Get("a").Should().Be(3);
    }

    [Fact]
    public void A_view_whose_task_was_revoked_throws_migrated_on_the_next_read()
    {
        var stores = LocalStores.Active();
        var view = stores.CountsView(partition: 0);
        var all = stores.CountsView();
        view.Get("a").Should().Be(0);

        stores.Registry.Unregister(new TaskId(0, 0));
        stores.Registry.Unregister(new TaskId(0, 1));

        view.Invoking(v => v.Get("a")).Should().Throw<InvalidStateStorePartitionException>("the partition is no longer local");
        all.Invoking(v => v.Get("a")).Should().Throw<StateStoreMigratedException>().WithMessage("*may have migrated to another instance*");
    }

    [Fact]
    public void A_store_closed_while_a_view_holds_it_throws_migrated()
    {
        var stores = LocalStores.Active();
        var provider = new StoreViewProvider(stores.Registry, () => StreamsState.Running, "counts", null, false);
        var resolved = provider.Stores();

        stores.Tasks[0].MarkClosed();

        provider.Invoking(p => p.Read(resolved[0], s => 0)).Should().Throw<StateStoreMigratedException>().WithMessage("*Partition 0 of store 'counts'*");
        provider.Read(resolved[1], s => 1).Should().Be(1);
    }

    [Fact]
    public void Queries_before_start_throw_not_started_and_after_stop_name_the_state()
    {
        var stores = LocalStores.Active();
        stores.State = StreamsState.Created;
        stores.Invoking(s => s.CountsView().Get("a")).Should().Throw<StreamsNotStartedException>();

        stores.State = StreamsState.NotRunning;
        stores.Invoking(s => s.CountsView().Get("a")).Should().Throw<InvalidStateStoreException>().WithMessage("*application is NotRunning*")
            .Which.Should().BeOfType<InvalidStateStoreException>();
    }

    [Fact]
    public void Asking_for_another_kind_names_the_store_its_kind_and_the_asked_kind()
    {
        var stores = LocalStores.Active();

        stores.Invoking(s => s.View(QueryableStoreTypes.WindowStore<string, long>(), "counts").Fetch("a", 0))
            .Should().Throw<InvalidStateStoreException>()
            .WithMessage("Store 'counts' is a TimestampedKeyValueStore<String, Int64>; it cannot be queried as WindowStore<String, Int64>.");
        stores.Invoking(s => s.View(QueryableStoreTypes.KeyValueStore<string, int>(), "counts").Get("a"))
            .Should().Throw<InvalidStateStoreException>().WithMessage("*cannot be queried as KeyValueStore<String, Int32>*");
        stores.Invoking(s => QueryableStoreTypes.TimestampedWindowStore<string, long>().Check(s.Counts[0]))
            .Should().Throw<InvalidStateStoreException>().WithMessage("*TimestampedWindowStore<String, Int64>*");
    }

    [Fact]
    public void Closing_the_registry_closes_every_registration()
    {
        var stores = LocalStores.Active();

        stores.Registry.Close();

        stores.Tasks.Should().OnlyContain(t => t.State == Streams.Queries.Internal.TaskStoresState.Closed);
        stores.Registry.Find("counts", null).Should().BeEmpty();
    }

    [Fact]
    public async Task A_reader_never_sees_a_batch_half_applied_while_the_writer_holds_the_task_lock()
    {
        var stores = LocalStores.Active();
        stores.Put(0, "x", 0);
        stores.Put(0, "y", 0);
        var view = stores.CountsView(partition: 0);
        const int Batches = 2_000;
        var torn = 0;
        var reads = 0;
        using var done = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                var pairs = view.All().ToList();
                if (pairs[0].Value != pairs[1].Value)
                {
                    Interlocked.Increment(ref torn);
                }

                Interlocked.Increment(ref reads);
            }
        });

        // Monitor is not fair: a writer that re-takes the lock at once can starve the reader on a loaded machine. Every 20
        // batches the writer therefore waits (outside the lock, bounded) until the reader completed one more read, so
        // reads interleave with writes however the threads are scheduled.
        var bound = System.Diagnostics.Stopwatch.StartNew();
        var seen = 0;
        var i = 0;
        while ((++i <= Batches || Volatile.Read(ref reads) < 100) && bound.Elapsed < TimeSpan.FromSeconds(30))
        {
            // As the stream thread: one lock per batch of the task, several writes inside.
            lock (stores.Contexts[0].QueryLock)
            {
                stores.Put(0, "x", i);
                stores.Put(0, "y", i);
            }

            if (i % 20 == 0)
            {
                var spin = default(SpinWait);
                while (Volatile.Read(ref reads) == seen && bound.Elapsed < TimeSpan.FromSeconds(30))
                {
                    spin.SpinOnce();
                }

                seen = Volatile.Read(ref reads);
            }
        }

        done.Cancel();
        await reader.WaitAsync(TimeSpan.FromSeconds(30));
        torn.Should().Be(0);
        reads.Should().BeGreaterThanOrEqualTo(100, "the reader ran while batches were written");
        view.Get("x").Should().Be(i - 1);
    }
}
