using Streams.TestDriver.Simulation;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>The <see cref="DeterministicScheduler"/> on its own: one thread at a time, seeded order, virtual waits, abandonment.</summary>
public sealed class DeterministicSchedulerTests
{
    [Fact]
    public void A_seed_decides_the_order_of_the_threads_requests()
    {
        var first = Interleave(5);
        var again = Interleave(5);
        var other = Interleave(6);
        again.Should().Equal(first);
        other.Should().NotEqual(first, "another seed interleaves the three threads otherwise");
        first.Should().HaveCount(3 * 20);
        first.Should().Contain(["a19", "b19", "c19"]);
    }

    [Fact]
    public void When_every_thread_waits_the_clock_jumps_to_the_earliest_deadline()
    {
        using var scheduler = new DeterministicScheduler(1) { MaxStepTime = TimeSpan.Zero };
        var start = scheduler.Clock.NowMs;
        long? wokeAt = null;
        var thread = scheduler.Create("i0", "sleeper", () =>
        {
            scheduler.Block("sleep", scheduler.Clock.NowMs + 45_000, null);
            wokeAt = scheduler.Clock.NowMs;
        });
        thread.Start();

        scheduler.RunUntil(() => wokeAt is not null, 10).Should().BeTrue();
        (wokeAt - start).Should().Be(45_000, "no thread could run, so the clock skipped to the deadline instead of waiting");
        scheduler.Steps.Should().Be(2);
        thread.Join(TimeSpan.FromSeconds(10)).Should().BeTrue();
    }

    [Fact]
    public void A_waiting_thread_runs_again_as_soon_as_what_it_waits_for_happens()
    {
        using var scheduler = new DeterministicScheduler(2) { MaxStepTime = TimeSpan.Zero };
        var signalled = false;
        long? wokeAt = null;
        var waiter = scheduler.Create("i0", "waiter", () =>
        {
            while (!signalled)
            {
                scheduler.Block("wait", scheduler.Clock.NowMs + 60_000, () => signalled);
            }

            wokeAt = scheduler.Clock.NowMs;
        });
        var start = scheduler.Clock.NowMs;
        waiter.Start();
        scheduler.Step().Should().BeTrue("the waiter starts and parks");
        signalled = true;
        scheduler.RunUntil(() => wokeAt is not null, 10).Should().BeTrue();
        wokeAt.Should().Be(start, "its condition held, so it ran without the clock moving to its deadline");
    }

    [Fact]
    public void An_abandoned_thread_is_never_scheduled_again_and_runs_out_on_its_own()
    {
        using var scheduler = new DeterministicScheduler(3);
        var steps = 0;
        var scheduledAfterAbandon = false;
        var abandoned = false;
        var thread = scheduler.Create("i0", "victim", () =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                scheduler.Yield("work");
                steps++;
                scheduledAfterAbandon |= Volatile.Read(ref abandoned) && scheduler.OwnsCurrentThread;
            }
        });
        thread.Start();
        scheduler.RunUntil(() => steps >= 10, 1_000).Should().BeTrue();
        Volatile.Write(ref abandoned, true);
        scheduler.Abandon("i0").Should().Equal("i0/victim at work");
        thread.Join(TimeSpan.FromSeconds(10)).Should().BeTrue("the abandoned thread runs to its end by itself");
        scheduledAfterAbandon.Should().BeFalse();
        scheduler.Step().Should().BeFalse("no thread is left to schedule");
        scheduler.LiveThreads.Should().BeEmpty();
    }

    private static List<string> Interleave(int seed)
    {
        using var scheduler = new DeterministicScheduler(seed, keepTrace: true);
        var order = new List<string>();
        var threads = new[] { "a", "b", "c" }.Select(name => scheduler.Create("i0", name, () =>
        {
            for (var i = 0; i < 20; i++)
            {
                scheduler.Yield("request");
                order.Add(name + i); // one thread at a time: no lock needed
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        scheduler.RunUntil(() => scheduler.LiveThreads.Count == 0, 10_000).Should().BeTrue();
        threads.ForEach(t => t.Join(TimeSpan.FromSeconds(10)).Should().BeTrue());
        return order;
    }
}
