using System.Runtime.CompilerServices;
using Streams.Testing;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.EmbeddedKafka;
using Streams.Errors;
using Streams.IntegrationTests.FlightDelays;
using Streams.Serialization;

namespace Streams.IntegrationTests.Runtime;

/// <summary>The Kafka runtime against the embedded broker: lifecycle, error handling, repartition and changelog restore.</summary>
[Collection(nameof(EmbeddedBrokerTests2))]
public sealed class StreamsApplicationTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private readonly string _stateDir = Directory.CreateTempSubdirectory("streams-app-").FullName;
    private readonly EmbeddedKafkaCluster _cluster = EmbeddedKafkaCluster.Start();

    public void Dispose()
    {
        _cluster.Dispose();
        Directory.Delete(_stateDir, recursive: true);
    }

    [Fact]
    public async Task Goes_through_the_Kafka_Streams_states_and_processes_records()
    {
        _cluster.CreateTopic("in", 2);
        _cluster.CreateTopic("out", 2);
        Produce("in", Enumerable.Range(0, 20).Select(i => ($"k{i}", BitConverter.GetBytes(i).Reverse().ToArray())));
        var states = new List<StreamsState>();
        var builder = new StreamsBuilder();
        builder.Stream<string?, int>("in").MapValues(v => v * 10).To("out");

        await using (var app = new StreamsApplication(builder.Build(), Options("states")))
        {
            app.StateChanged += (_, change) => { lock (states) { states.Add(change.NewState); } };
            await app.StartAsync();
            (await app.WaitForStateAsync(StreamsState.Running, s_wait)).Should().BeTrue();
            await WaitUntil(() => app.Progress.RecordsProcessed == 20);
            await app.StopAsync();
            app.State.Should().Be(StreamsState.NotRunning);
        }

        lock (states)
        {
            states.Should().StartWith(StreamsState.Rebalancing).And.EndWith([StreamsState.PendingShutdown, StreamsState.NotRunning]);
            states.Should().Contain(StreamsState.Running);
        }

        ReadValues("out", 20).Select(v => Serdes.Int32.Deserialize(v, false, default)).Should().BeEquivalentTo(Enumerable.Range(0, 20).Select(i => i * 10));
        Committed("states", "in", 2).Sum().Should().Be(20, "a graceful stop commits everything processed");
    }

    [Fact]
    public async Task A_poison_record_with_log_and_fail_stops_in_Error_without_committing_past_it()
    {
        _cluster.CreateTopic("in", 1);
        _cluster.CreateTopic("out", 1);
        var records = Enumerable.Range(0, 10).Select(i => ($"k{i}", Serdes.Int32.Serialize(i, default)))
            .Append(("poison", new byte[] { 1, 2 }))
            .Concat(Enumerable.Range(11, 5).Select(i => ($"k{i}", Serdes.Int32.Serialize(i, default))));
        Produce("in", records);
        var builder = new StreamsBuilder();
        builder.Stream<string?, int>("in").To("out");

        await using var app = new StreamsApplication(builder.Build(), Options("poison-fail"));
        await app.StartAsync();
        await app.Completion.WaitAsync(s_wait);

        app.State.Should().Be(StreamsState.Error);
        app.Error!.Message.Should().Contain("in-0@10").And.Contain("no offset at or after this record is committed", "the error names the record and what was done with it");
        Committed("poison-fail", "in", 1).Single().Should().BeLessThanOrEqualTo(10);
    }

    [Fact]
    public async Task A_poison_record_with_log_and_continue_is_skipped_and_counted()
    {
        _cluster.CreateTopic("in", 1);
        _cluster.CreateTopic("out", 1);
        Produce("in", new[] { ("a", Serdes.Int32.Serialize(1, default)), ("bad", new byte[] { 9 }), ("b", Serdes.Int32.Serialize(2, default)) });
        var builder = new StreamsBuilder();
        builder.Stream<string?, int>("in").To("out");
        var options = Options("poison-continue");
        options.DeserializationExceptionHandler = LogAndContinueExceptionHandler.Instance;

        await using var app = new StreamsApplication(builder.Build(), options);
        await app.StartAsync();
        await WaitUntil(() => app.Progress.RecordsProcessed == 2 && app.Progress.RecordsSkipped == 1);
        await app.StopAsync();

        app.State.Should().Be(StreamsState.NotRunning);
        ReadValues("out", 2).Select(v => Serdes.Int32.Deserialize(v, false, default)).Should().Equal(1, 2);
        Committed("poison-continue", "in", 1).Single().Should().Be(3);
    }

    [Fact]
    public async Task Counts_through_a_repartition_topic_and_restores_them_from_the_changelog_after_a_restart()
    {
        _cluster.CreateTopic("words", 2);
        _cluster.CreateTopic("counts", 2);
        var topology = WordCount();
        foreach (var t in topology.InternalTopics("wc"))
        {
            _cluster.CreateTopic(t, 2);
        }

        Produce("words", new[] { "a", "b", "a", "c", "a" }.Select((w, i) => ($"line{i}", Serdes.String.Serialize(w, default))));
        await RunUntilProcessed(topology, "wc", expectedProcessed: 10); // 5 source records + 5 repartitioned

        // Second run: in-memory stores start empty and must be restored from the changelog to keep counting.
        Produce("words", new[] { ("line5", Serdes.String.Serialize("a", default)) });
        await RunUntilProcessed(WordCount(), "wc", expectedProcessed: 2);

        var updates = ReadToEnd("counts", partitions: 2);
        var finalCounts = new Dictionary<string, long>();
        foreach (var (k, v) in updates)
        {
            finalCounts[k] = Serdes.Int64.Deserialize(v, false, default);
        }

        finalCounts.Should().BeEquivalentTo(new Dictionary<string, long> { ["a"] = 4, ["b"] = 1, ["c"] = 1 });
        updates.Count.Should().BeLessThanOrEqualTo(6, "the record cache merges updates of a key between commits");
    }

    [Fact]
    public async Task On_a_broker_without_the_admin_APIs_missing_internal_topics_are_auto_created_and_the_repartition_runs()
    {
        // The mock has no CreateTopics; librdkafka 2.x consumers never ask for auto-creation, so the runtime asks for it.
        _cluster.CreateTopic("words", 2);
        _cluster.CreateTopic("counts", 2);
        Produce("words", new[] { "a", "b", "a" }.Select((w, i) => ($"line{i}", Serdes.String.Serialize(w, default))));

        await RunUntilProcessed(WordCount(), "wc-auto", expectedProcessed: 6); // 3 source records + 3 repartitioned
    }

    private async Task RunUntilProcessed(Topology topology, string appId, long expectedProcessed)
    {
        await using var app = new StreamsApplication(topology, Options(appId));
        await app.StartAsync();
        await WaitUntil(() => app.Progress.RecordsProcessed >= expectedProcessed || app.State == StreamsState.Error);
        app.State.Should().NotBe(StreamsState.Error, app.Error?.ToString());
        await app.StopAsync();
        app.Progress.RecordsProcessed.Should().Be(expectedProcessed);
    }

    private static Topology WordCount()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("words")
            .GroupBy((_, word) => word!, Grouped<string, string?>.As("by-word"))
            .Count(Materialized<string, long>.As("word-counts"))
            .ToStream()
            .To("counts");
        return builder.Build();
    }

    private StreamsOptions Options(string appId) => new()
    {
        ApplicationId = appId,
        BootstrapServers = _cluster.BootstrapServers,
        StateDirectory = _stateDir,
        CommitInterval = TimeSpan.FromMilliseconds(200),
        Consumer = MockBrokerGroup.Consumer(),
    };

    private static Task WaitUntil(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string what = "") =>
        Eventually.Until(condition, () => what, s_wait);

    private void Produce(string topic, IEnumerable<(string Key, byte[] Value)> records)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = _cluster.BootstrapServers, Partitioner = Partitioner.Murmur2Random }).Build();
        foreach (var (k, v) in records)
        {
            producer.Produce(topic, new Message<string, byte[]> { Key = k, Value = v, Timestamp = new Timestamp(1_000, TimestampType.CreateTime) });
        }

        producer.Flush(s_wait).Should().Be(0);
    }

    private List<byte[]> ReadValues(string topic, int count) => ReadKeyValues(topic, count).Select(kv => kv.Value).ToList();

    private List<(string Key, byte[] Value)> ReadKeyValues(string topic, int count)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid(),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var result = new List<(string, byte[])>();
        using var timeout = new CancellationTokenSource(s_wait);
        while (result.Count < count)
        {
            var r = consumer.Consume(timeout.Token);
            result.Add((r.Message.Key, r.Message.Value));
        }

        consumer.Consume(TimeSpan.FromMilliseconds(200)).Should().BeNull("exactly {0} records are expected in {1}", count, topic);
        return result;
    }

    private List<(string Key, byte[] Value)> ReadToEnd(string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = _cluster.BootstrapServers, GroupId = "reader-" + Guid.NewGuid() }).Build();
        var tps = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList();
        var remaining = tps.Sum(tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(tps.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var result = new List<(string, byte[])>();
        using var timeout = new CancellationTokenSource(s_wait);
        for (; remaining > 0; remaining--)
        {
            var r = consumer.Consume(timeout.Token);
            result.Add((r.Message.Key, r.Message.Value));
        }

        return result;
    }

    private List<long> Committed(string groupId, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = _cluster.BootstrapServers, GroupId = groupId }).Build();
        return consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10))
            .Select(c => Math.Max(0, c.Offset.Value)).ToList();
    }
}
