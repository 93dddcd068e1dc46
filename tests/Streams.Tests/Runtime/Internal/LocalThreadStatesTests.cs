using Streams.Processor;
using Streams.Runtime.Internal;

namespace Streams.Tests.Runtime.Internal;

public class LocalThreadStatesTests
{
    [Fact]
    public void The_instance_rebalances_as_soon_as_one_thread_rebalances()
    {
        var states = TwoThreads();
        states.OnThreadState(1, StreamsState.Running);
        states.OnThreadState(2, StreamsState.Running);

        states.OnThreadState(2, StreamsState.Rebalancing).Should().Be(StreamsState.Rebalancing);
    }

    [Fact]
    public void The_instance_runs_only_once_every_thread_runs()
    {
        var states = TwoThreads();

        states.OnThreadState(1, StreamsState.Rebalancing).Should().Be(StreamsState.Rebalancing);
        states.OnThreadState(1, StreamsState.Running).Should().BeNull("thread 2 has not had its first assignment yet");
        states.OnThreadState(2, StreamsState.Rebalancing).Should().Be(StreamsState.Rebalancing);
        states.OnThreadState(2, StreamsState.Running).Should().Be(StreamsState.Running);
    }

    [Fact]
    public void A_thread_stopping_does_not_change_the_instance_state()
    {
        var states = TwoThreads();
        states.OnThreadState(1, StreamsState.Running);

        states.OnThreadState(2, StreamsState.PendingShutdown).Should().BeNull();
        states.OnThreadState(1, StreamsState.Running).Should().BeNull("a stopping thread is not running");
    }

    [Fact]
    public void Removing_the_last_thread_that_held_the_instance_back_lets_it_run()
    {
        var states = TwoThreads();
        states.OnThreadState(1, StreamsState.Running);
        states.OnThreadState(2, StreamsState.Rebalancing);

        states.Remove(2).Should().Be(StreamsState.Running);
        states.Indexes.Should().Equal(1);
    }

    [Fact]
    public void Removing_a_thread_while_another_rebalances_keeps_the_state_and_removing_the_last_one_changes_nothing()
    {
        var states = TwoThreads();
        states.OnThreadState(1, StreamsState.Rebalancing);

        states.Remove(2).Should().BeNull();
        states.Remove(1).Should().BeNull("with no thread left the instance keeps its state, as Kafka Streams");
        states.Indexes.Should().BeEmpty();
    }

    [Fact]
    public void A_removed_thread_reporting_late_changes_nothing()
    {
        var states = TwoThreads();
        states.Remove(2);

        states.OnThreadState(2, StreamsState.Rebalancing).Should().BeNull();
        states.SetTasks(2, [new TaskId(0, 1)]).Should().BeEmpty();
    }

    [Fact]
    public void The_announced_tasks_are_the_union_over_the_threads_and_a_revocation_empties_only_that_thread()
    {
        var states = TwoThreads();
        states.SetTasks(1, [new TaskId(0, 0), new TaskId(0, 2)]);

        states.SetTasks(2, [new TaskId(0, 1), new TaskId(0, 3)]).Should().BeEquivalentTo([new TaskId(0, 0), new TaskId(0, 1), new TaskId(0, 2), new TaskId(0, 3)]);
        states.SetTasks(1, []).Should().BeEquivalentTo([new TaskId(0, 1), new TaskId(0, 3)]);
        states.Threads.Select(t => (t.ThreadName, t.ActiveTasks.Count)).Should().Equal(("app-StreamThread-1", 0), ("app-StreamThread-2", 2));
    }

    private static LocalThreadStates TwoThreads()
    {
        var states = new LocalThreadStates();
        states.Add(2, "app-StreamThread-2");
        states.Add(1, "app-StreamThread-1");
        return states;
    }
}
