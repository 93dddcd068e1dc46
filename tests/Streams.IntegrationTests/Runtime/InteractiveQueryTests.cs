using System.Collections.Concurrent;
using System.Reactive.Linq;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.IntegrationTests.FlightDelays;
using Streams.Queries;
using Streams.RocksDb;
using Streams.State;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// Interactive queries against the embedded broker, as Kafka Streams' <c>KafkaStreams.store</c>: local key-value and
/// window stores read while the application runs (in memory and RocksDB), errors, a concurrent reader, and push queries.
/// Expected values are computed from the produced input.
/// </summary>
[Collection(nameof(EmbeddedBrokerTests2))]
public sealed class InteractiveQueryTests() : EmbeddedBrokerTestBase("streams-iq-")
{
    private static readonly string[] s_words = ["apple", "banana", "cherry", "date", "elder", "fig", "grape"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_running_count_is_queried_by_key_range_all_and_partition_as_computed_from_the_input(bool rocksDb)
    {
        Cluster.CreateTopic("words", 2);
        var input = Enumerable.Range(0, 60).Select(i => (s_words[(i * 7 + i / 3) % s_words.Length], $"v{i}")).ToList();
        var expected = input.GroupBy(r => r.Item1).ToDictionary(g => g.Key, g => (long)g.Count());
        Produce("words", input);

        await using var app = new StreamsApplication(Counting(), Options("iq-count", rocksDb));
        await app.StartAsync();
        await WaitUntil(app, () => app.Progress.RecordsProcessed == input.Count);

        var view = app.Store(StoreQueryParameters<IReadOnlyKeyValueStore<string, long>>.FromNameAndType("counts", QueryableStoreTypes.KeyValueStore<string, long>()));
        foreach (var (word, count) in expected)
        {
            view.Get(word).Should().Be(count, word);
        }

        view.TryGet("missing", out _).Should().BeFalse();
        Read(view.All()).Should().BeEquivalentTo(expected);

        // As Kafka Streams, the estimate counts what the record cache has flushed to the store: exact after the next commit.
        await WaitUntil(app, () => view.ApproximateNumEntries == expected.Count);
        Read(view.Range("b", "d")).Should().BeEquivalentTo(expected.Where(kv => string.CompareOrdinal(kv.Key, "b") >= 0 && string.CompareOrdinal(kv.Key, "d") <= 0));

        var partitions = Enumerable.Range(0, 2)
            .Select(p => Read(app.Store(StoreQueryParameters<IReadOnlyKeyValueStore<string, long>>
                .FromNameAndType("counts", QueryableStoreTypes.KeyValueStore<string, long>()).WithPartition(p)).All()))
            .ToList();
        partitions.SelectMany(p => p.Keys).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(expected.Keys, "each key lives in exactly one partition");

        var timestamped = app.Store(StoreQueryParameters<IReadOnlyKeyValueStore<string, ValueAndTimestamp<long>>>
            .FromNameAndType("counts", QueryableStoreTypes.TimestampedKeyValueStore<string, long>()));
        timestamped.Get("apple").Should().Be(new ValueAndTimestamp<long>(expected["apple"], 1_000), "every input record has timestamp 1,000");

        await app.StopAsync();
        view.Invoking(v => v.Get("apple")).Should().Throw<InvalidStateStoreException>().WithMessage("*application is NotRunning*");
    }

    [Fact]
    public async Task A_windowed_count_is_queried_with_Fetch_and_FetchAll()
    {
        Cluster.CreateTopic("words", 2);
        var input = Enumerable.Range(0, 20).Select(i => (s_words[i % 3], $"v{i}")).ToList();
        var expected = input.GroupBy(r => r.Item1).ToDictionary(g => g.Key, g => (long)g.Count());
        Produce("words", input);
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("words").GroupByKey().WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)))
            .Count(Materialized<string, long>.As("windowed-counts"));

        await using var app = new StreamsApplication(builder.Build(), Options("iq-windowed", rocksDb: false));
        await app.StartAsync();
        await WaitUntil(app, () => app.Progress.RecordsProcessed == input.Count);

        var view = app.Store(StoreQueryParameters<IReadOnlyWindowStore<string, long>>.FromNameAndType("windowed-counts", QueryableStoreTypes.WindowStore<string, long>()));
        foreach (var (word, count) in expected)
        {
            view.Fetch(word, 0).Should().Be(count, "records at 1,000 fall in the window [0, 10,000)");
            Read(view.Fetch(word, 0, 20_000)).Should().Equal(new Dictionary<long, long> { [0] = count });
        }

        view.Fetch("apple", 10_000).Should().Be(0);
        Read(view.FetchAll(0, 0)).Should().BeEquivalentTo(expected.ToDictionary(kv => new Windowed<string>(kv.Key, new Window(0, 10_000)), kv => kv.Value));
    }

    [Fact]
    public async Task Queries_fail_clearly_before_start_for_unknown_stores_and_for_the_wrong_kind()
    {
        Cluster.CreateTopic("words", 2);
        await using var app = new StreamsApplication(Counting(), Options("iq-errors", rocksDb: false));
        var kv = StoreQueryParameters<IReadOnlyKeyValueStore<string, long>>.FromNameAndType("counts", QueryableStoreTypes.KeyValueStore<string, long>());

        app.Invoking(a => a.Store(kv)).Should().Throw<StreamsNotStartedException>();

        await app.StartAsync();
        (await app.WaitForStateAsync(StreamsState.Running, Wait)).Should().BeTrue();
        app.Invoking(a => a.Store(StoreQueryParameters<IReadOnlyKeyValueStore<string, long>>.FromNameAndType("nope", QueryableStoreTypes.KeyValueStore<string, long>())))
            .Should().Throw<UnknownStateStoreException>().WithMessage("*'nope'*counts*");
        app.Invoking(a => a.Store(StoreQueryParameters<IReadOnlyWindowStore<string, long>>.FromNameAndType("counts", QueryableStoreTypes.WindowStore<string, long>())))
            .Should().Throw<InvalidStateStoreException>().WithMessage("Store 'counts' is a TimestampedKeyValueStore<String, Int64>; it cannot be queried as WindowStore<String, Int64>.");
        app.Invoking(a => a.ObserveStore<string, string>("counts")).Should().Throw<InvalidStateStoreException>().WithMessage("*Int64 values*");
        app.Invoking(a => a.Store(kv.WithPartition(7)).Get("apple")).Should().Throw<InvalidStateStorePartitionException>();
    }

    [Fact]
    public async Task A_reader_thread_querying_while_records_are_processed_never_fails_nor_sees_a_count_go_back()
    {
        Cluster.CreateTopic("words", 2);
        await using var app = new StreamsApplication(Counting(), Options("iq-concurrent", rocksDb: false));
        await app.StartAsync();
        (await app.WaitForStateAsync(StreamsState.Running, Wait)).Should().BeTrue();
        var view = app.Store(StoreQueryParameters<IReadOnlyKeyValueStore<string, long>>.FromNameAndType("counts", QueryableStoreTypes.KeyValueStore<string, long>()));
        var input = Enumerable.Range(0, 3_000).Select(i => (s_words[i % s_words.Length], $"v{i}")).ToList();
        var expected = input.GroupBy(r => r.Item1).ToDictionary(g => g.Key, g => (long)g.Count());

        using var stop = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();
        var firstRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            var last = new Dictionary<string, long>();
            while (!stop.IsCancellationRequested)
            {
                foreach (var (key, count) in Read(view.All()))
                {
                    if (count < last.GetValueOrDefault(key) || count > expected[key])
                    {
                        failures.Enqueue($"{key}: {count} after {last.GetValueOrDefault(key)}");
                    }

                    last[key] = count;
                }

                firstRead.TrySetResult();
            }
        });

        // The reader is running before the first record is produced (on a loaded machine the pool may start it late).
        await firstRead.Task.WaitAsync(Wait);
        Produce("words", input);
        await WaitUntil(app, () => app.Progress.RecordsProcessed == input.Count);
        await stop.CancelAsync();
        await reader.WaitAsync(Wait);

        failures.Should().BeEmpty();
        Read(view.All()).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public async Task Push_queries_deliver_the_changes_of_a_key_in_order_and_complete_when_the_application_stops()
    {
        Cluster.CreateTopic("words", 2);
        var input = new[] { ("apple", "1"), ("banana", "2"), ("apple", "3"), ("cherry", "4"), ("apple", "5") };
        await using var app = new StreamsApplication(Counting(), Options("iq-push", rocksDb: false));
        var apple = new ConcurrentQueue<StoreChange<string, long>>();
        var all = new ConcurrentQueue<StoreChange<string, long>>();
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var changes = app.ObserveStore<string, long>("counts");
        using var appleSubscription = changes.WhereKey("apple").Subscribe(apple.Enqueue);
        using var allSubscription = changes.Subscribe(all.Enqueue, e => completed.TrySetException(e), () => completed.TrySetResult());

        await app.StartAsync();
        Produce("words", input);
        await WaitUntil(app, () => all.Count == input.Length);

        apple.Select(c => c.Value).Should().Equal(1, 2, 3);
        apple.Should().OnlyContain(c => c.Key == "apple" && !c.Deleted && c.TimestampMs == 1_000 && c.StoreName == "counts");
        all.Select(c => (c.Key, c.Value)).Should().BeEquivalentTo(new[] { ("apple", 1L), ("banana", 1L), ("apple", 2L), ("cherry", 1L), ("apple", 3L) });

        await app.StopAsync();
        await completed.Task.WaitAsync(Wait);
    }

    private static Topology Counting()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("words").GroupByKey().Count(Materialized<string, long>.As("counts"));
        return builder.Build();
    }

    private static Dictionary<TKey, TValue> Read<TKey, TValue>(IKeyValueIterator<TKey, TValue> iterator)
        where TKey : notnull
    {
        var result = new Dictionary<TKey, TValue>();
        using (iterator)
        {
            while (iterator.MoveNext())
            {
                result.Add(iterator.Current.Key, iterator.Current.Value);
            }
        }

        return result;
    }

    private StreamsOptions Options(string applicationId, bool rocksDb)
    {
        var options = new StreamsOptions
        {
            ApplicationId = applicationId,
            BootstrapServers = Cluster.BootstrapServers,
            StateDirectory = StateDir,
            CommitInterval = TimeSpan.FromMilliseconds(200),
            Consumer = MockBrokerGroup.Consumer(),
        };
        if (rocksDb)
        {
            options.DslStoreSuppliers = RocksDbDslStoreSuppliers.Instance;
        }

        return options;
    }
}
