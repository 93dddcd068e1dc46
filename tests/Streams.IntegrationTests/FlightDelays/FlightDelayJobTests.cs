using System.Text;
using Confluent.Kafka;
using FlightDelays;
using Streams.EmbeddedKafka;
using Streams.IntegrationTests.FlightDelaysDomain;

namespace Streams.IntegrationTests.FlightDelays;

/// <summary>
/// The flight-delay job end to end on the embedded broker (librdkafka's mock cluster, real Kafka protocol)
/// with RocksDB stores, over a slice of the real data; every window is checked against the independent
/// <see cref="ReferenceComputation"/>.
/// </summary>
[Collection(nameof(EmbeddedBrokerTests))]
public sealed class FlightDelayJobTests : IDisposable
{
    private const int SliceRows = 12_000;
    private static readonly string[] s_malformed =
    [
        "2001-01-01T05:00,abc,100,ATL,ORD",
        "not,a,flight",
        "2001-01-01T05:30,10,100,LA,ORD",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("flight-job-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Job_results_match_the_reference_for_every_window_and_malformed_lines_go_to_the_dead_letter_topic()
    {
        var lines = SliceWithMalformed();
        var input = WriteInput(lines);
        using var cluster = StartCluster("flights-e2e");

        var summary = await RunJob(cluster, input, "flights-e2e", Path.Combine(_dir, "state"));

        summary.ExitCode.Should().Be(0);
        var reference = ReferenceComputation.Compute(lines);
        summary.Malformed.Should().Be(reference.Malformed).And.Be(s_malformed.Length);
        AssertMatches(summary.Windows, reference);

        var dlq = ReadAll(cluster.BootstrapServers, FlightTopology.DeadLetterTopic);
        dlq.Select(m => m.Message.Value).Should().BeEquivalentTo(s_malformed);
        dlq.Select(m => Encoding.UTF8.GetString(m.Message.Headers.GetLastBytes(FlightTopology.ReasonHeader))).Should().OnlyContain(reason => reason.Length > 0);
        Encoding.UTF8.GetString(dlq.Single(m => m.Message.Value == "not,a,flight").Message.Headers.GetLastBytes(FlightTopology.ReasonHeader))
            .Should().Contain("expected 5 fields");
    }

    [Fact]
    public async Task A_stopped_job_resumes_from_its_commit_and_state_without_reprocessing()
    {
        var lines = SliceWithMalformed();
        var input = WriteInput(lines);
        using var cluster = StartCluster("flights-resume");
        var state = Path.Combine(_dir, "state");

        // One commit interval longer than the run: the only commit is the one of the graceful stop.
        var first = await RunJob(cluster, input, "flights-resume", state, stopAfter: 5_000, commitInterval: TimeSpan.FromHours(1));
        first.ExitCode.Should().Be(0);
        first.Processed.Should().Be(5_000);

        var second = await RunJob(cluster, input, "flights-resume", state);

        second.ExitCode.Should().Be(0);
        (first.Processed + second.Processed).Should().Be(lines.Count, "the second run starts at the first run's committed offsets");
        AssertMatches(second.Windows, ReferenceComputation.Compute(lines));
    }

    [Fact]
    public async Task State_left_by_a_run_against_another_broker_is_discarded_not_mixed_in()
    {
        var lines = SliceWithMalformed();
        var input = WriteInput(lines);
        var state = Path.Combine(_dir, "state");
        using (var old = StartCluster("flights-stale"))
        {
            (await RunJob(old, input, "flights-stale", state)).ExitCode.Should().Be(0);
        }

        using var fresh = StartCluster("flights-stale");
        var again = await RunJob(fresh, input, "flights-stale", state);

        again.ExitCode.Should().Be(0);
        again.Processed.Should().Be(lines.Count);
        AssertMatches(again.Windows, ReferenceComputation.Compute(lines));
    }

    [Fact]
    public async Task Against_an_unreachable_broker_the_job_prints_one_sentence_and_exits_with_code_3()
    {
        var input = WriteInput(FlightInput.ReadLines(ShippedData.FlightsSample).Take(10));
        var settings = new FlightDelayJobSettings(input, ShippedData.AirportsCsv, Path.Combine(_dir, "results.jsonl"), "127.0.0.1:1", Path.Combine(_dir, "state"))
        {
            StartupTimeout = TimeSpan.FromSeconds(2),
        };
        using var output = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var summary = await new FlightDelayJob(settings).RunAsync(output, timeout.Token);

        summary.ExitCode.Should().Be(FlightDelayJob.BrokersUnreachableExitCode).And.Be(3);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines[^1].Should().StartWith("Could not reach the Kafka brokers at 127.0.0.1:1 within 2 s: no broker answered a metadata request")
            .And.EndWith("Check that the brokers run and that BootstrapServers (bootstrap.servers) and the security settings are right.");
        lines.Should().NotContain(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.StartsWith('%'), "no stack trace and no raw librdkafka line");
        File.Exists(settings.ResultsPath).Should().BeFalse();
    }

    [Fact]
    public async Task A_run_without_results_keeps_an_earlier_results_file_and_a_run_with_results_replaces_it_saying_so()
    {
        var results = Path.Combine(_dir, "results.jsonl");
        File.WriteAllLines(results, ["{\"earlier\":true}"]);

        // Only malformed lines: they go to the dead-letter topic and no window gets a result.
        var malformedOnly = WriteInput(s_malformed);
        string kept;
        using (var cluster = StartCluster("flights-none"))
        {
            (var summary, kept) = await RunJobWithOutput(cluster, malformedOnly, "flights-none", results);
            summary.ExitCode.Should().Be(0);
            summary.Windows.Should().BeEmpty();
        }

        kept.Should().Contain($"{results} kept as it was: this run has no results");
        File.ReadAllLines(results).Should().Equal("{\"earlier\":true}");

        var slice = WriteInput(FlightInput.ReadLines(ShippedData.FlightsSample).Take(500));
        using (var cluster = StartCluster("flights-some"))
        {
            var (summary, replaced) = await RunJobWithOutput(cluster, slice, "flights-some", results);
            summary.ExitCode.Should().Be(0);
            summary.Windows.Should().NotBeEmpty();
            replaced.Should().Contain($"{results} ({summary.Windows.Count:N0} windows; replaced the earlier file)");
            File.ReadAllLines(results).Should().HaveCount(summary.Windows.Count);
        }
    }

    [Fact]
    public void The_progress_line_shows_consumer_lag_and_uncommitted_records_apart()
    {
        var progress = new StreamsProgress(113_493, 0, 39_641, 3,
        [
            new PartitionProgress(new TopicPartition(FlightTopology.FlightsTopic, 0), CommittedOffset: 20_000, HighWatermark: 60_000, Position: 50_000),
            new PartitionProgress(new TopicPartition(FlightTopology.FlightsTopic, 1), CommittedOffset: 53_493, HighWatermark: 53_493, Position: 53_493),
        ]);

        var line = FlightDelayJob.ProgressLine(TimeSpan.FromSeconds(3.7), StreamsState.Running, 113_493, progress, 45_441);

        line.Should().Contain("consumer lag  10,000").And.Contain("uncommitted  30,000").And.NotContain(" lag  40,000");
    }

    [Fact]
    public void The_default_state_directory_is_per_user_and_checkout_not_one_folder_under_the_system_temp()
    {
        var one = StateDirectoryDefault.For(Path.Combine(_dir, "a", "streams"));
        var other = StateDirectoryDefault.For(Path.Combine(_dir, "b", "streams"));

        one.Should().NotBe(other, "two checkouts with the same folder name do not share state");
        Path.GetFileName(one).Should().MatchRegex("^streams-[0-9a-f]{12}$");
        StateDirectoryDefault.For(Path.Combine(_dir, "a", "streams")).Should().Be(one, "the same checkout always gets the same folder");
        StateDirectoryDefault.Path.Should().NotStartWith(Path.GetTempPath());
    }

    private static List<string> SliceWithMalformed()
    {
        var lines = FlightInput.ReadLines(ShippedData.FlightsSample).Take(SliceRows).ToList();
        lines.Insert(10, s_malformed[0]);
        lines.Insert(5000, s_malformed[1]);
        lines.Insert(9000, s_malformed[2]);
        return lines;
    }

    private string WriteInput(IEnumerable<string> lines)
    {
        var path = Path.Combine(_dir, "input.csv");
        File.WriteAllLines(path, new[] { FlightParser.Header }.Concat(lines));
        return path;
    }

    private static EmbeddedKafkaCluster StartCluster(string applicationId)
    {
        var cluster = EmbeddedKafkaCluster.Start();
        var topology = FlightTopology.Build();
        cluster.EnsureTopics(new[]
        {
            (FlightTopology.FlightsTopic, 4), (FlightTopology.AirportsTopic, 1), (FlightTopology.DeadLetterTopic, 4),
            (FlightTopology.StatsTopic, 4), (FlightTopology.SevereTopic, 4),
        }.Concat(topology.InternalTopics(applicationId).Select(t => (t, 4))));
        return cluster;
    }

    private static async Task<FlightDelayJobSummary> RunJob(
        EmbeddedKafkaCluster cluster, string input, string applicationId, string state, long? stopAfter = null, TimeSpan? commitInterval = null)
    {
        var settings = new FlightDelayJobSettings(input, ShippedData.AirportsCsv, null, cluster.BootstrapServers, state, applicationId)
        {
            StopAfterProcessed = stopAfter,
            CommitInterval = commitInterval ?? TimeSpan.FromSeconds(1),
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        return await new FlightDelayJob(settings).RunAsync(TextWriter.Null, timeout.Token);
    }

    private static async Task<(FlightDelayJobSummary Summary, string Output)> RunJobWithOutput(EmbeddedKafkaCluster cluster, string input, string applicationId, string results)
    {
        var settings = new FlightDelayJobSettings(input, ShippedData.AirportsCsv, results, cluster.BootstrapServers, Path.Combine(Path.GetDirectoryName(results)!, "state-" + applicationId), applicationId)
        {
            CommitInterval = TimeSpan.FromSeconds(1),
        };
        using var output = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var summary = await new FlightDelayJob(settings).RunAsync(output, timeout.Token);
        return (summary, output.ToString());
    }

    private static void AssertMatches(IReadOnlyList<WindowResult> actual, ReferenceResult reference)
    {
        actual.Should().HaveCount(reference.Windows.Count);
        foreach (var w in actual)
        {
            var key = (w.Origin, w.WindowStart.ToUnixTimeMilliseconds());
            reference.Windows.Should().ContainKey(key);
            var expected = reference.Windows[key];
            (w.Flights, w.TotalDelay, w.MaxDelay, w.WindowEnd.ToUnixTimeMilliseconds())
                .Should().Be((expected.Flights, expected.TotalDelay, expected.MaxDelay, expected.WindowEndMs), $"window {key}");
            w.AvgDelay.Should().BeApproximately(expected.AvgDelay, 1e-9);
        }

        var airports = AirportsCsv.ReadByIata(ShippedData.AirportsCsv);
        foreach (var w in actual)
        {
            var airport = airports.GetValueOrDefault(w.Origin);
            (w.AirportName, w.City, w.State).Should().Be((airport?.Name, airport?.City, airport?.State), $"airport of {w.Origin}");
        }
    }

    private static List<ConsumeResult<string?, string>> ReadAll(string servers, string topic)
    {
        using var consumer = new ConsumerBuilder<string?, string>(new ConsumerConfig { BootstrapServers = servers, GroupId = "reader-" + topic }).Build();
        var partitions = Enumerable.Range(0, 4).Select(p => new TopicPartition(topic, p)).ToList();
        var ends = partitions.ToDictionary(tp => tp, tp => consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var result = new List<ConsumeResult<string?, string>>();
        var remaining = ends.Values.Sum();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (remaining > 0)
        {
            var r = consumer.Consume(deadline.Token);
            result.Add(r);
            remaining--;
        }

        return result;
    }
}
