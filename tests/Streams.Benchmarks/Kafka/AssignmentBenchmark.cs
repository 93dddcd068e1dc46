using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Benchmarks.Support;
using Streams.Dsl;
using Streams.EmbeddedKafka;
using Streams.Processor;

namespace Streams.Benchmarks.Kafka;

/// <summary>Settings of the <c>assignment</c> command.</summary>
/// <param name="Partitions">Partitions of every topic (tasks per sub-topology).</param>
/// <param name="Rate">Input records per second produced during the whole run, spread over the source topics (0: none).</param>
/// <param name="Settle">How long an assignment must stay unchanged to count as stable.</param>
internal sealed record AssignmentSettings(int Partitions, int Rate, TimeSpan Settle);

/// <summary>
/// How many tasks move when members come and go, under the classic protocol with
/// <see cref="TaskAssignmentStrategy.CooperativeSticky"/> and with <see cref="TaskAssignmentStrategy.Range"/>, and under
/// KIP-848's consumer protocol (<see cref="GroupProtocol.Consumer"/>, the broker assigns), in the same run, each on a fresh
/// in-process broker (librdkafka's mock cluster). The topology has two sub-topologies of <c>--partitions</c> tasks each: a stream-table join of two
/// co-partitioned topics, and a count (changelogged store). Members are StreamsApplications of this process with one stream
/// thread each (the same group protocol as separate processes), started and stopped in the sequence 1, 2, 3, 2, 1 (the
/// newest leaves first); after each change the run waits until every task is owned by exactly one running member and the
/// ownership has not changed for <c>--settle</c>. Per step: tasks per member (balance = max - min), tasks moved (owned by
/// another member than before the step, or closed and created again by the same member), of those revoked and
/// re-created on the same member, lost partitions (closed without commit), refused commits, and the wall time from the
/// change to the last ownership change. Each member's own log (event ids 2001, 2002, 2091, 2094, 2009, 2092) says which
/// tasks it created and closed.
/// </summary>
internal sealed class AssignmentBenchmark(AssignmentSettings settings, TextWriter output)
{
    private static readonly TimeSpan s_stepTimeout = TimeSpan.FromMinutes(2);
    private static readonly int[] s_sequence = [1, 2, 3, 2, 1];

    private static readonly Variant[] s_variants =
    [
        new("classic cooperative-sticky", TaskAssignmentStrategy.CooperativeSticky, GroupProtocol.Classic),
        new("classic range", TaskAssignmentStrategy.Range, GroupProtocol.Classic),
        new("consumer protocol (KIP-848)", TaskAssignmentStrategy.CooperativeSticky, GroupProtocol.Consumer),
    ];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        output.WriteLine("# assignment: tasks moved per membership change, classic cooperative-sticky vs classic range vs consumer protocol (KIP-848)");
        output.WriteLine();
        output.WriteLine($"- broker: embedded, librdkafka {EmbeddedKafkaCluster.LibrdkafkaVersion} mock cluster, in this process, initial rebalance delay 0; classic: session.timeout.ms 6000, heartbeat 1000 ms; consumer protocol: the mock's defaults");
        output.WriteLine($"- topology: 2 sub-topologies x {settings.Partitions} partitions = {2 * settings.Partitions} tasks (stream-table join of 2 co-partitioned topics; count with changelog)");
        output.WriteLine($"- members: 1 stream thread each, sequence {string.Join(" -> ", s_sequence)}; input {settings.Rate} records/s throughout, commit interval 1 s; stable = unchanged for {settings.Settle.TotalSeconds:N0} s");
        output.WriteLine($"- load average at start: {MachineInfo.LoadAverage()}; runtime .NET {Environment.Version}, {Environment.ProcessorCount} cores");
        output.WriteLine();

        var totals = new Dictionary<Variant, StepResult>();
        foreach (var variant in s_variants)
        {
            var steps = await RunVariantAsync(variant, cancellationToken).ConfigureAwait(false);
            var table = new MarkdownTable("step", "tasks per member", "balance (max-min)", "moved", "revoked and re-created", "lost", "refused commits", "wall time to stable (s)");
            foreach (var s in steps)
            {
                table.Add(s.Name, s.TasksPerMember, s.Balance.ToString(), s.Moved.ToString(), s.Recreated.ToString(), s.Lost.ToString(), s.Refused.ToString(), s.Wall.TotalSeconds.ToString("N1"));
            }

            var changes = steps.Skip(1).ToList();
            var total = new StepResult(
                "total (changes)", "", changes.Max(s => s.Balance), changes.Sum(s => s.Moved), changes.Sum(s => s.Recreated), changes.Sum(s => s.Lost), changes.Sum(s => s.Refused),
                TimeSpan.FromTicks(changes.Sum(s => s.Wall.Ticks)));
            totals[variant] = total;
            table.Add(total.Name, total.TasksPerMember, total.Balance.ToString(), total.Moved.ToString(), total.Recreated.ToString(), total.Lost.ToString(), total.Refused.ToString(), total.Wall.TotalSeconds.ToString("N1"));
            output.WriteLine($"## {variant.Name}");
            output.WriteLine();
            table.Write(output);
            output.WriteLine();
        }

        var range = totals[s_variants[1]];
        output.WriteLine("Over the four changes: " + string.Join("; ", s_variants.Select(v =>
            $"{v.Name}: {totals[v].Moved} tasks moved (x{Ratio(totals[v].Moved, range.Moved)} of range), {totals[v].Refused} refused commits, {totals[v].Wall.TotalSeconds:N1} s to stable")) + ".");
        return 0;
    }

    private static string Ratio(int a, int b) => b == 0 ? "n/a" : ((double)a / b).ToString("N2");

    private async Task<List<StepResult>> RunVariantAsync(Variant variant, CancellationToken cancellationToken)
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        // The mock cluster auto-creates unknown topics with 4 partitions: create the changelogs with the tasks' count.
        var topics = new[] { "clicks", "users", "enriched", "events", "counts", "bench-assign-users-store-changelog", "bench-assign-event-counts-changelog" };
        foreach (var topic in topics)
        {
            cluster.CreateTopic(topic, settings.Partitions);
        }

        var stateRoot = Directory.CreateTempSubdirectory("streams-assign-bench-").FullName;
        using var stopProducing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producing = Task.Run(() => Produce(cluster.BootstrapServers, stopProducing.Token), CancellationToken.None);
        var members = new List<Member>();
        var results = new List<StepResult>();
        var previous = 0;
        try
        {
            foreach (var count in s_sequence)
            {
                var before = Owners(members);
                var marks = members.ToDictionary(m => m.Name, m => m.Log.Count);
                var started = Stopwatch.StartNew();
                var leaving = new List<Member>();
                if (count > members.Count)
                {
                    var member = new Member($"m{members.Count + 1}", cluster.BootstrapServers, stateRoot, variant, Topology());
                    members.Add(member);
                    await member.App.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var member = members[^1];
                    members.RemoveAt(members.Count - 1);
                    leaving.Add(member);
                    await member.App.StopAsync(cancellationToken).ConfigureAwait(false);
                }

                var (after, lastChange) = await WaitStableAsync(members, started, cancellationToken).ConfigureAwait(false);
                var name = previous == 0 ? $"start 1" : $"{previous} -> {count}";
                results.Add(Measure(name, members, leaving, marks, before, after, lastChange, previous == 0));
                foreach (var gone in leaving)
                {
                    await gone.DisposeAsync().ConfigureAwait(false);
                }

                previous = count;
            }
        }
        finally
        {
            await stopProducing.CancelAsync().ConfigureAwait(false);
            await producing.ConfigureAwait(false);
            foreach (var member in members)
            {
                await member.DisposeAsync().ConfigureAwait(false);
            }

            Directory.Delete(stateRoot, recursive: true);
        }

        return results;
    }

    private static StepResult Measure(
        string name, List<Member> members, List<Member> leaving, Dictionary<string, int> marks, Dictionary<TaskId, string> before,
        Dictionary<TaskId, string> after, TimeSpan wall, bool initial)
    {
        var events = members.Concat(leaving).ToDictionary(m => m.Name, m => m.Log.Since(marks.GetValueOrDefault(m.Name)));
        var recreated = after.Count(kv => before.TryGetValue(kv.Key, out var owner) && owner == kv.Value && events[owner].Closed.Contains(kv.Key));
        var moved = initial ? 0 : after.Count(kv => !before.TryGetValue(kv.Key, out var owner) || owner != kv.Value) + recreated;
        var perMember = members.Select(m => after.Count(kv => kv.Value == m.Name)).ToList();
        return new StepResult(
            name,
            string.Join(" / ", perMember),
            perMember.Max() - perMember.Min(),
            moved,
            recreated,
            events.Values.Sum(e => e.Lost),
            events.Values.Sum(e => e.Refused),
            wall);
    }

    /// <summary>Waits until every task has exactly one running owner and ownership has not changed for the settle time.</summary>
    /// <returns>The ownership, and the time from the change to its last ownership change.</returns>
    private async Task<(Dictionary<TaskId, string> Owners, TimeSpan LastChange)> WaitStableAsync(List<Member> members, Stopwatch started, CancellationToken cancellationToken)
    {
        var all = Enumerable.Range(0, 2).SelectMany(s => Enumerable.Range(0, settings.Partitions).Select(p => new TaskId(s, p))).ToHashSet();
        var last = Snapshot(members);
        var lastChange = started.Elapsed;
        while (true)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            var now = Snapshot(members);
            if (!now.SequenceEqual(last))
            {
                last = now;
                lastChange = started.Elapsed;
            }

            var owners = Owners(members);
            var complete = members.All(m => m.App.State == StreamsState.Running)
                && members.All(m => owners.ContainsValue(m.Name))
                && owners.Count == all.Count && all.SetEquals(owners.Keys)
                && members.Sum(m => Tasks(m).Count) == all.Count;
            if (complete && started.Elapsed - lastChange >= settings.Settle)
            {
                return (owners, lastChange);
            }

            if (members.FirstOrDefault(m => m.App.State == StreamsState.Error) is { } failed)
            {
                throw new InvalidOperationException($"Member {failed.Name} failed: {failed.App.Error}");
            }

            if (started.Elapsed > s_stepTimeout)
            {
                throw new TimeoutException($"No stable assignment within {s_stepTimeout}: {string.Join("; ", members.Select(m => $"{m.Name} {m.App.State} [{string.Join(",", Tasks(m).Order())}]"))}");
            }
        }
    }

    private static List<string> Snapshot(List<Member> members) =>
        [.. members.Select(m => $"{m.Name}:{m.App.State}:{string.Join(",", Tasks(m).Order())}:{m.Log.Count}")];

    private static HashSet<TaskId> Tasks(Member member) => [.. member.App.MetadataForLocalThreads().SelectMany(t => t.ActiveTasks)];

    private static Dictionary<TaskId, string> Owners(List<Member> members)
    {
        var owners = new Dictionary<TaskId, string>();
        foreach (var member in members)
        {
            foreach (var task in Tasks(member))
            {
                owners[task] = member.Name;
            }
        }

        return owners;
    }

    private static Topology Topology()
    {
        var builder = new StreamsBuilder();
        var users = builder.Table<string, string>("users", materialized: Materialized<string, string>.As("users-store"));
        builder.Stream<string, string>("clicks").Join(users, (click, user) => $"{click}@{user}").To("enriched");
        builder.Stream<string, string>("events").GroupByKey().Count(Materialized<string, long>.As("event-counts")).ToStream().To("counts");
        return builder.Build();
    }

    private void Produce(string bootstrapServers, CancellationToken cancellationToken)
    {
        if (settings.Rate <= 0)
        {
            return;
        }

        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 5, Partitioner = Confluent.Kafka.Partitioner.Murmur2Random }).Build();
        var clock = Stopwatch.StartNew();
        string[] sources = ["users", "clicks", "events"];
        for (long n = 0; !cancellationToken.IsCancellationRequested; n++)
        {
            var due = TimeSpan.FromSeconds((double)n / settings.Rate);
            if (due > clock.Elapsed)
            {
                cancellationToken.WaitHandle.WaitOne(due - clock.Elapsed);
            }

            producer.Produce(sources[n % sources.Length], new Message<string, string> { Key = $"k{n % 97}", Value = $"v{n}" });
        }

        producer.Flush(TimeSpan.FromSeconds(10));
    }

    /// <summary>A group protocol and task assignment strategy measured.</summary>
    private sealed record Variant(string Name, TaskAssignmentStrategy Strategy, GroupProtocol Protocol);

    private sealed record StepResult(string Name, string TasksPerMember, int Balance, int Moved, int Recreated, int Lost, int Refused, TimeSpan Wall);

    /// <summary>One member: a StreamsApplication with its own state directory and log.</summary>
    private sealed class Member : IAsyncDisposable
    {
        public Member(string name, string bootstrapServers, string stateRoot, Variant variant, Topology topology)
        {
            Name = name;
            App = new StreamsApplication(topology, new StreamsOptions
            {
                ApplicationId = "bench-assign",
                BootstrapServers = bootstrapServers,
                StateDirectory = Path.Combine(stateRoot, name),
                CommitInterval = TimeSpan.FromSeconds(1),
                TaskAssignment = variant.Strategy,
                GroupProtocol = variant.Protocol,
                LoggerFactory = Log,
                Consumer = new ConsumerConfig { FetchWaitMaxMs = 10, SessionTimeoutMs = 6_000, HeartbeatIntervalMs = 1_000 },
            });
        }

        public string Name { get; }

        public StreamsApplication App { get; }

        public TaskEventLog Log { get; } = new();

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    /// <summary>The task events of one member's log, from the runtime's structured log messages.</summary>
    private sealed class TaskEventLog : ILoggerFactory, ILogger
    {
        private readonly ConcurrentQueue<(int EventId, string? Tasks)> _events = new();

        public int Count => _events.Count;

        public (HashSet<TaskId> Closed, int Lost, int Refused) Since(int mark)
        {
            var events = _events.Skip(mark).ToList();
            var closed = events.Where(e => e.EventId is 2002 or 2091 or 2094 && e.Tasks is not null)
                .SelectMany(e => e.Tasks!.Split(", ", StringSplitOptions.RemoveEmptyEntries)).Select(TaskId.Parse).ToHashSet();
            return (closed, events.Count(e => e.EventId == 2091), events.Count(e => e.EventId is 2009 or 2092));
        }

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is 2001 or 2002 or 2009 or 2091 or 2092 or 2094)
            {
                var tasks = state is IReadOnlyList<KeyValuePair<string, object?>> values ? values.FirstOrDefault(kv => kv.Key == "Tasks").Value as string : null;
                _events.Enqueue((eventId.Id, tasks));
            }
        }
    }
}
