using System.Globalization;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.Queries;
using Streams.RocksDb;
using Streams.Serialization;
using Streams.State;
using Streams.TestDriver.Simulation;

namespace Streams.TestDriver.Tests.Simulation.Workloads;

/// <summary>
/// A stream-table join feeding a suppressed windowed aggregate: orders (key customer, value amount) inner-joined with
/// the changelogged customers table (value: the customer's tier, a multiplier), grouped by customer into 30-minute
/// tumbling windows with 5 minutes grace aggregating <c>count:sum</c> of amount x tier, suppressed until each window
/// closes (<see cref="Suppressed{TKey}.UntilWindowCloses"/>), each final result written to <c>order-totals</c> keyed
/// <c>customer@windowStart</c>. The window store retains 7 days (every window of a run, the flush included), so that
/// its content is the reference's, not what the segments left.
/// </summary>
/// <remarks>
/// <para>
/// Determinism of the reference: every customer row is written (timestamped a day before any order) and processed
/// before the first order, so no order misses its customer; orders advance event time by 0 to 3 minutes each, a batch
/// swaps neighbours less than 2 minutes apart (below the grace: none is late). The final batch, once nothing is pending
/// and no fault follows, sends one order per customer, then old orders whose window closed against this batch's own
/// records (dropped, as Kafka drops them), then one order per partition a day later, which closes every earlier window
/// so that every window's final result is emitted whatever the stream time a crash left.
/// </para>
/// <para>
/// The checker: under exactly-once every window (but the flushes', still open) has exactly one committed result, the
/// reference's, and no other result is committed (a very strong check of suppression across crashes: an emission
/// repeated after a restore, or a result counting a record twice or missing one, fails). Under at-least-once each window
/// has a result counting at least its orders (losses otherwise); repeated emissions and records counted twice are
/// duplicates. Both: the window store and the customers table read through interactive queries, and the window store's
/// changelog, equal the reference (under at-least-once the window store may count more).
/// </para>
/// </remarks>
internal sealed class JoinSuppressWorkload : ISimulationWorkload
{
    private const string Customers = "customers";
    private const string Orders = "orders";
    private const string Totals = "order-totals";
    private const string CustomersStore = "customers-store";
    private const string TotalsStore = "order-totals-store";
    private const int Partitions = 4;
    private static readonly long s_size = (long)TimeSpan.FromMinutes(30).TotalMilliseconds;
    private static readonly long s_grace = (long)TimeSpan.FromMinutes(5).TotalMilliseconds;
    private static readonly long s_maxDisorder = (long)TimeSpan.FromMinutes(2).TotalMilliseconds;
    private static readonly long s_base = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly Dictionary<string, long> _tiers = new(StringComparer.Ordinal);
    private readonly Dictionary<int, long> _streamTime = [];
    private readonly Dictionary<(string Customer, long Start), (long Count, long Sum)> _windows = [];
    private readonly HashSet<(string, long)> _open = [];
    private long _time = s_base;
    private bool _final;

    /// <inheritdoc />
    public string Name => "joinsuppress";

    /// <inheritdoc />
    public IReadOnlyList<(string Topic, int Partitions)> Topics { get; } = [(Customers, Partitions), (Orders, Partitions), (Totals, 2)];

    /// <inheritdoc />
    public IReadOnlyList<string> SourceTopics { get; } = [Customers, Orders];

    /// <inheritdoc />
    public bool HasQueryableStore => true;

    /// <summary>Orders dropped by the reference because their window had closed.</summary>
    public int Late { get; private set; }

    /// <summary>The reference's aggregate of every window with an accepted order (the store's expected content), closed or not.</summary>
    public IReadOnlyDictionary<(string Customer, long Start), (long Count, long Sum)> Windows => _windows;

    /// <summary>The final result expected per window key (<c>customer@start</c>): closed windows only.</summary>
    public Dictionary<string, string> ExpectedResults =>
        _windows.Where(kv => !_open.Contains(kv.Key)).ToDictionary(kv => $"{kv.Key.Customer}@{kv.Key.Start}", kv => $"{kv.Value.Count}:{kv.Value.Sum}", StringComparer.Ordinal);

    /// <inheritdoc />
    public Topology BuildTopology()
    {
        var builder = new StreamsBuilder();
        var customers = builder.Table(Customers, Consumed<string?, string?>.With(Serdes.String, Serdes.String), Materialized.As(CustomersStore).WithSerdes(Serdes.String, Serdes.String));
        builder.Stream(Orders, Consumed<string?, long>.With(Serdes.String, Serdes.Int64))
            .Join(customers, (amount, tier) => amount * long.Parse(tier!, CultureInfo.InvariantCulture), Named.As("join-customer"))
            .GroupByKey(Grouped<string?, long>.With(Serdes.String, Serdes.Int64))
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMilliseconds(s_size), TimeSpan.FromMilliseconds(s_grace)))
            .Aggregate(() => "0:0", (_, amount, agg) => Add(agg!, amount), Materialized.As(TotalsStore).WithRetention(TimeSpan.FromDays(7)).WithSerdes(Serdes.String, Serdes.String))
            .Suppress(Suppressed<Windowed<string?>>.UntilWindowCloses(BufferConfig.Unbounded()).WithName("final-totals"))
            .ToStream()
            .Map((w, v) => ((string?)$"{w.Key}@{w.Window.StartMs}", v))
            .To(Totals, Produced<string?, string?>.With(Serdes.String, Serdes.String));
        return builder.Build();
    }

    /// <inheritdoc />
    public void Configure(StreamsOptions options) => options.DslStoreSuppliers = RocksDbDslStoreSuppliers.Instance;

    /// <inheritdoc />
    public int Prepare(Random rng, IProducer<byte[], byte[]> producer)
    {
        var n = rng.Next(6, 16);
        for (var i = 0; i < n; i++)
        {
            var tier = rng.Next(1, 4);
            _tiers[$"c{i}"] = tier;
            producer.Produce(new TopicPartition(Customers, i % Partitions), new Message<byte[], byte[]>
            {
                Key = Serdes.String.Serialize($"c{i}", default)!,
                Value = Serdes.String.Serialize(tier.ToString(CultureInfo.InvariantCulture), default)!,
                Timestamp = new Timestamp(s_base - (long)TimeSpan.FromDays(1).TotalMilliseconds + i, TimestampType.CreateTime),
            });
        }

        return n;
    }

    /// <inheritdoc />
    public bool Ready(InMemoryKafkaCluster cluster, string applicationId) =>
        Enumerable.Range(0, Partitions).All(p => cluster.CommittedOffset(applicationId, new TopicPartition(Customers, p)) >= cluster.Records(new TopicPartition(Customers, p)).Count);

    /// <inheritdoc />
    public int Produce(Random rng, IProducer<byte[], byte[]> producer)
    {
        var batch = new List<(int Customer, long Amount, long Time)>();
        var n = rng.Next(5, 40);
        for (var i = 0; i < n; i++)
        {
            _time += rng.Next(0, 180_000);
            batch.Add((rng.Next(_tiers.Count), rng.Next(1, 100), _time));
        }

        for (var i = 0; i + 1 < batch.Count; i++)
        {
            if (rng.Next(3) == 0 && batch[i + 1].Time - batch[i].Time < s_maxDisorder)
            {
                (batch[i], batch[i + 1]) = (batch[i + 1], batch[i]);
            }
        }

        foreach (var (customer, amount, time) in batch)
        {
            Send(producer, customer, amount, time);
        }

        return batch.Count;
    }

    /// <inheritdoc />
    public int ProduceFinal(Random rng, IProducer<byte[], byte[]> producer)
    {
        var sent = 0;
        var batchTime = new Dictionary<int, long>();
        for (var c = 0; c < _tiers.Count; c++)
        {
            _time += rng.Next(0, 60_000);
            Send(producer, c, rng.Next(1, 100), _time);
            batchTime[c % Partitions] = Math.Max(batchTime.GetValueOrDefault(c % Partitions, -1), _time);
            sent++;
        }

        // Late orders: in windows that closed against this batch's own earlier orders of their partition.
        for (var i = 0; i < 3; i++)
        {
            var c = rng.Next(_tiers.Count);
            var time = s_base + rng.Next(0, (int)Math.Max(1, _time - s_base - (2 * s_size)));
            if (time - (time % s_size) + s_size + s_grace <= batchTime[c % Partitions])
            {
                Send(producer, c, rng.Next(1, 100), time);
                sent++;
            }
        }

        // The flush: one order per partition a day later, which closes every window before it.
        var flush = _time + (long)TimeSpan.FromDays(1).TotalMilliseconds;
        for (var p = 0; p < Partitions; p++)
        {
            Send(producer, p, 1, flush);
            _open.Add(($"c{p}", flush - (flush % s_size)));
            sent++;
        }

        _final = true;
        return sent;
    }

    /// <inheritdoc />
    public int ProgressRecords(InMemoryKafkaCluster cluster) =>
        cluster.Topics.Where(t => t == Totals || t.EndsWith($"-{TotalsStore}-changelog", StringComparison.Ordinal))
            .Sum(t => Enumerable.Range(0, cluster.PartitionCount(t) ?? 0).Sum(p => cluster.Records(new TopicPartition(t, p)).Count));

    /// <inheritdoc />
    public bool CaughtUp(InMemoryKafkaCluster cluster)
    {
        if (!_final)
        {
            return true; // before the flush, which windows have closed depends on the stream time a crash left
        }

        var got = cluster.CommittedRecords(Totals).Select(r => Serdes.String.Deserialize(r.Key, false, default)!).ToHashSet(StringComparer.Ordinal);
        return ExpectedResults.Keys.All(got.Contains);
    }

    /// <inheritdoc />
    public bool CheckStore(StreamsApplication app, string when, ProcessingGuarantee guarantee, List<string> violations)
    {
        var customers = app.Store(StoreQueryParameters<IReadOnlyKeyValueStore<string?, string?>>.FromNameAndType(CustomersStore, QueryableStoreTypes.KeyValueStore<string?, string?>()));
        var table = customers.All().ToDictionary(kv => kv.Key!, kv => kv.Value, StringComparer.Ordinal);
        var totals = app.Store(StoreQueryParameters<IReadOnlyWindowStore<string?, string?>>.FromNameAndType(TotalsStore, QueryableStoreTypes.WindowStore<string?, string?>()));
        var windows = totals.All().ToDictionary(kv => (kv.Key.Key!, kv.Key.Window.StartMs), kv => kv.Value!);
        if (table.Count < _tiers.Count || windows.Count < _windows.Count)
        {
            return false; // not assigned or restored yet
        }

        foreach (var (customer, tier) in _tiers)
        {
            if (table.GetValueOrDefault(customer) != tier.ToString(CultureInfo.InvariantCulture))
            {
                violations.Add($"{when}'s {CustomersStore} holds {customer}={table.GetValueOrDefault(customer) ?? "nothing"}, written {tier}");
            }
        }

        CompareState(windows, $"{when}'s {TotalsStore}", guarantee == ProcessingGuarantee.ExactlyOnceV2, violations);
        return true;
    }

    /// <inheritdoc />
    public (long Losses, long Duplicates) Check(InMemoryKafkaCluster cluster, string applicationId, ProcessingGuarantee guarantee, List<string> violations)
    {
        var exactlyOnce = guarantee == ProcessingGuarantee.ExactlyOnceV2;
        long losses = 0, duplicates = 0;
        var emitted = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var r in cluster.CommittedRecords(Totals))
        {
            var key = Serdes.String.Deserialize(r.Key, false, default)!;
            if (!emitted.TryGetValue(key, out var list))
            {
                emitted[key] = list = [];
            }

            list.Add(Serdes.String.Deserialize(r.Value, false, default)!);
        }

        var expected = ExpectedResults;
        foreach (var (key, value) in expected)
        {
            var count = Count(value);
            if (!emitted.TryGetValue(key, out var results))
            {
                losses += count;
                violations.Add($"lost: no final result for {key} (expected {value})");
                continue;
            }

            var most = results.Max(Count);
            losses += Math.Max(0, count - most);
            duplicates += results.Count - 1 + Math.Max(0, most - count);
            if (most < count)
            {
                violations.Add($"lost: {key}'s final results [{string.Join(", ", results)}] count fewer orders than {value}");
            }

            if (exactlyOnce && (results.Count != 1 || results[0] != value))
            {
                violations.Add($"exactly-once: {key}'s committed final results are [{string.Join(", ", results)}], expected exactly one {value}");
            }
        }

        foreach (var (key, results) in emitted.Where(kv => !expected.ContainsKey(kv.Key)))
        {
            duplicates += results.Count;
            violations.Add($"final results [{string.Join(", ", results)}] for {key}, which is not a closed window of the input");
        }

        var changelog = $"{applicationId}-{TotalsStore}-changelog";
        // A timestamped window store's changelog value: the timestamp (8 bytes), then the value.
        var state = SimulationChecks.LatestWindows(cluster, changelog, v => Serdes.String.Deserialize(v.AsSpan(8), false, default)!);

        CompareState(state, $"the changelog {changelog}", exactlyOnce, violations);
        return (losses, duplicates);
    }

    private void CompareState(Dictionary<(string, long), string> state, string what, bool exact, List<string> violations)
    {
        foreach (var ((customer, start), (count, sum)) in _windows)
        {
            var got = state.GetValueOrDefault((customer, start));
            if (exact ? got != $"{count}:{sum}" : got is null || Count(got) < count)
            {
                violations.Add($"{what} holds {got ?? "nothing"} for {customer}@{start}, the reference {count}:{sum}");
            }
        }

        foreach (var (customer, start) in state.Keys.Where(k => !_windows.ContainsKey(k)))
        {
            violations.Add($"{what} holds {customer}@{start}, a window with no accepted order");
        }
    }

    private void Send(IProducer<byte[], byte[]> producer, int customer, long amount, long time)
    {
        var key = $"c{customer}";
        var partition = customer % Partitions;
        producer.Produce(new TopicPartition(Orders, partition), new Message<byte[], byte[]>
        {
            Key = Serdes.String.Serialize(key, default)!,
            Value = Serdes.Int64.Serialize(amount, default)!,
            Timestamp = new Timestamp(time, TimestampType.CreateTime),
        });

        // The reference: the window aggregate's stream time per partition, lateness as KStreamWindowAggregate decides it.
        var streamTime = Math.Max(_streamTime.GetValueOrDefault(partition, -1), time);
        _streamTime[partition] = streamTime;
        var start = time - (time % s_size);
        if (start + s_size <= streamTime - s_grace)
        {
            Late++;
            return;
        }

        var (count, sum) = _windows.GetValueOrDefault((key, start));
        _windows[(key, start)] = (count + 1, sum + (amount * _tiers[key]));
    }

    private static string Add(string aggregate, long amount)
    {
        var colon = aggregate.IndexOf(':', StringComparison.Ordinal);
        return $"{long.Parse(aggregate.AsSpan(0, colon), CultureInfo.InvariantCulture) + 1}:{long.Parse(aggregate.AsSpan(colon + 1), CultureInfo.InvariantCulture) + amount}";
    }

    private static long Count(string aggregate) => long.Parse(aggregate.AsSpan(0, aggregate.IndexOf(':', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
}
