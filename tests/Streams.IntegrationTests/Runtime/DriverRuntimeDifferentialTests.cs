using System.Text;
using Confluent.Kafka;
using FlightDelays;
using Streams.Dsl;
using Streams.IntegrationTests.FlightDelays;
using Streams.IntegrationTests.FlightDelaysDomain;
using Streams.Serialization;
using Streams.TestDriver;
using Streams.State;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// The test driver and the runtime give the same results for the same input: each topology runs once through the
/// <see cref="TopologyTestDriver"/> and once as a <see cref="StreamsApplication"/> on the embedded broker, and every output
/// record (key bytes, value bytes, timestamp, in order) is compared. One partition per topic, so that the runtime's
/// processing order is the input order, as the driver's; record caches off on both sides, so that every update is emitted
/// (a cache emits at commit in the runtime and after each input record in the driver).
/// </summary>
[Collection(nameof(EmbeddedBrokerTests2))]
public sealed class DriverRuntimeDifferentialTests() : EmbeddedBrokerTestBase("streams-differential-")
{
    private const int FlightRecords = 20_000;

    [Fact]
    public async Task The_flight_topology_writes_the_same_records_through_the_driver_and_the_runtime()
    {
        var airports = AirportsCsv.Read(ShippedData.AirportsCsv)
            .Select(a => new Input(FlightTopology.AirportsTopic, a.Iata, FlightTopology.AirportSerde.Serialize(a, default), 0))
            .ToList();
        long last = 0;
        // Every 5,000th line is made malformed, so that the dead-letter branch is compared too.
        var lines = FlightInput.ReadLines(ShippedData.FlightsSample).Take(FlightRecords).Select((line, i) => i % 5_000 == 4_999 ? line[..(line.Length / 2)] : line);
        var flights = lines.Select(line =>
        {
            last = FlightParser.TryParse(line, out var flight, out _) ? flight.TimestampMs : last;
            return new Input(FlightTopology.FlightsTopic, FlightParser.ExtractOrigin(line), Encoding.UTF8.GetBytes(line), last);
        }).ToList();
        string[] outputs = [FlightTopology.StatsTopic, FlightTopology.SevereTopic, FlightTopology.DeadLetterTopic];

        var driver = RunDriver(FlightTopology.Build(), airports.Concat(flights), outputs);
        var runtime = await RunRuntime(FlightTopology.Build(), "differential-flights", [.. airports, .. flights], [FlightTopology.FlightsTopic], outputs);

        driver[FlightTopology.StatsTopic].Should().HaveCountGreaterThan(FlightRecords / 2, "every valid flight updates a window");
        driver[FlightTopology.DeadLetterTopic].Should().HaveCount(FlightRecords / 5_000, "the malformed lines");
        AssertSame(driver, runtime);
    }

    [Fact]
    public async Task A_join_and_suppress_topology_writes_the_same_records_through_the_driver_and_the_runtime()
    {
        // Clicks and views of 8 users, 400 ms apart with up to 6 s of disorder: some records are late for the join
        // windows (5 s + 2 s grace) and for the 10 s page windows (2 s grace), so drops and outer results are compared too.
        var random = new Random(42);
        var events = Enumerable.Range(0, 3_000).Select(i =>
        {
            var kind = random.Next(3) == 0 ? "click" : "view";
            var timestamp = 1_000_000 + (i * 400L) - random.Next(6_000);
            return new Input("events", $"user{random.Next(8)}", Encoding.UTF8.GetBytes($"{kind}:page{random.Next(5)}:{i}"), timestamp);
        }).ToList();
        string[] outputs = ["joined", "left-joined", "outer-joined", "page-counts"];

        var driver = RunDriver(JoinAndSuppress(), events, outputs);
        var runtime = await RunRuntime(JoinAndSuppress(), "differential-joins", events, ["events"], outputs);

        driver["joined"].Should().NotBeEmpty();
        driver["page-counts"].Should().NotBeEmpty("stream time passes the end of most page windows");
        AssertSame(driver, runtime);
    }

    private static Topology JoinAndSuppress()
    {
        var builder = new StreamsBuilder();
        var events = builder.Stream<string?, string?>("events");
        var clicks = events.Filter((_, v) => v!.StartsWith("click", StringComparison.Ordinal), Named.As("clicks"));
        var views = events.Filter((_, v) => v!.StartsWith("view", StringComparison.Ordinal), Named.As("views"));
        var window = JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2));
        clicks.Join(views, (c, v) => $"{c}+{v}", window, StreamJoined<string?, string?, string?>.As("inner")).To("joined");
        clicks.LeftJoin(views, (c, v) => $"{c}+{v ?? "none"}", window, StreamJoined<string?, string?, string?>.As("left")).To("left-joined");
        clicks.OuterJoin(views, (c, v) => $"{c ?? "none"}+{v ?? "none"}", window, StreamJoined<string?, string?, string?>.As("outer")).To("outer-joined");
        views.SelectKey((_, v) => v!.Split(':')[1], Named.As("by-page"))
            .GroupByKey(Grouped<string, string?>.As("pages"))
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)))
            .Count(Materialized<string, long>.As("page-views"))
            .Suppress(Suppressed<Windowed<string>>.UntilWindowCloses(BufferConfig.Unbounded()))
            .ToStream()
            .Map((w, count) => (w.ToString(), count))
            .To("page-counts", Produced<string, long>.With(Serdes.String!, Serdes.Int64));
        return builder.Build();
    }

    private static Dictionary<string, List<Output>> RunDriver(Topology topology, IEnumerable<Input> inputs, IReadOnlyList<string> outputs)
    {
        using var driver = new TopologyTestDriver(topology, new TopologyTestDriverOptions { StateStoreCacheMaxBytes = 0 });
        var topics = new Dictionary<string, TestInputTopic<byte[]?, byte[]?>>();
        foreach (var input in inputs)
        {
            if (!topics.TryGetValue(input.Topic, out var topic))
            {
                topics[input.Topic] = topic = driver.CreateInputTopic(input.Topic, Serdes.ByteArray, Serdes.ByteArray);
            }

            topic.PipeInput(input.Key is null ? null : Encoding.UTF8.GetBytes(input.Key), input.Value, input.TimestampMs);
        }

        return outputs.ToDictionary(
            o => o,
            o => driver.CreateOutputTopic(o, Serdes.ByteArray, Serdes.ByteArray).ReadRecordsToList().Select(r => new Output(r.Key, r.Value, r.TimestampMs!.Value)).ToList());
    }

    private async Task<Dictionary<string, List<Output>>> RunRuntime(
        Topology topology, string applicationId, IReadOnlyList<Input> inputs, IReadOnlyList<string> sources, IReadOnlyList<string> outputs)
    {
        var internalTopics = topology.InternalTopics(applicationId).ToList();
        Cluster.EnsureTopics(inputs.Select(i => i.Topic).Distinct().Concat(outputs).Concat(internalTopics).Select(t => (t, 1)));
        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = Cluster.BootstrapServers, EnableIdempotence = true, LingerMs = 5 }).Build())
        {
            foreach (var input in inputs)
            {
                producer.Produce(
                    new TopicPartition(input.Topic, 0),
                    new Message<byte[]?, byte[]?> { Key = input.Key is null ? null : Encoding.UTF8.GetBytes(input.Key), Value = input.Value, Timestamp = new Timestamp(input.TimestampMs, TimestampType.CreateTime) });
            }

            producer.Flush(Wait).Should().Be(0);
        }

        var options = new StreamsOptions
        {
            ApplicationId = applicationId,
            BootstrapServers = Cluster.BootstrapServers,
            StateDirectory = StateDir,
            StateStoreCacheMaxBytes = 0,
            CommitInterval = TimeSpan.FromMilliseconds(100),
            Consumer = MockBrokerGroup.Consumer(),
        };
        var consumed = sources.Concat(internalTopics.Where(t => t.EndsWith("-repartition", StringComparison.Ordinal))).ToList();
        await using (var app = new StreamsApplication(topology, options))
        {
            await app.StartAsync();
            await WaitUntil(
                () => app.State == StreamsState.Error || consumed.All(t => Committed(applicationId, t) == End(t)),
                () => $"every source and repartition topic is committed to its end ({string.Join(", ", consumed.Select(t => $"{t}: {Committed(applicationId, t)}/{End(t)}"))})");
            app.State.Should().NotBe(StreamsState.Error, app.Error?.ToString());
            await app.StopAsync();
        }

        return outputs.ToDictionary(o => o, ReadAll);
    }

    private static void AssertSame(Dictionary<string, List<Output>> driver, Dictionary<string, List<Output>> runtime)
    {
        foreach (var (topic, expected) in driver)
        {
            var actual = runtime[topic];
            for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
            {
                actual[i].Should().Be(expected[i], $"record {i} of '{topic}' ({Describe(expected[i])} from the driver, {Describe(actual[i])} from the runtime)");
            }

            actual.Should().HaveSameCount(expected, $"'{topic}' has as many records from the runtime as from the driver");
        }
    }

    private static string Describe(Output o) =>
        $"{(o.Key is null ? "null" : Encoding.UTF8.GetString(o.Key))} -> {(o.Value is null ? "null" : Convert.ToHexString(o.Value.AsSpan(0, Math.Min(24, o.Value.Length))))} @ {o.TimestampMs}";

    private long Committed(string groupId, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = groupId }).Build();
        return Math.Max(0, consumer.Committed([new TopicPartition(topic, 0)], TimeSpan.FromSeconds(10)).Single().Offset.Value);
    }

    private long End(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = "differential-reader" }).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).High.Value;
    }

    private List<Output> ReadAll(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = Cluster.BootstrapServers, GroupId = "differential-reader" }).Build();
        var end = End(topic);
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = new List<Output>();
        using var timeout = new CancellationTokenSource(Wait);
        while (records.Count < end)
        {
            var r = consumer.Consume(timeout.Token);
            records.Add(new Output(r.Message.Key, r.Message.Value, r.Message.Timestamp.UnixTimestampMs));
        }

        return records;
    }

    private sealed record Input(string Topic, string? Key, byte[]? Value, long TimestampMs);

    /// <summary>One output record; equal when key and value bytes and the timestamp are equal.</summary>
    private sealed record Output(byte[]? Key, byte[]? Value, long TimestampMs)
    {
        public bool Equals(Output? other) =>
            other is not null && TimestampMs == other.TimestampMs && Same(Key, other.Key) && Same(Value, other.Value);

        public override int GetHashCode() => HashCode.Combine(TimestampMs, Key?.Length, Value?.Length);

        private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
    }
}
