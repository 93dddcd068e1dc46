using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Streams.Benchmarks.Support;
using Streams.EmbeddedKafka;
using Streams.Runtime.Internal;

namespace Streams.Benchmarks.Kafka;

/// <summary>Settings of the <c>kafka</c> command.</summary>
internal sealed record KafkaSettings(int Messages, int ValueBytes, int Partitions, int Rounds, int Warmup);

/// <summary>
/// The Kafka path on one in-process broker (librdkafka's mock cluster): N messages are produced once into an input
/// topic; then, alternating, (i) a plain Confluent.Kafka consume-produce loop and (ii) a
/// <see cref="StreamsApplication"/> running <c>Stream(input).To(output)</c> copy them to a fresh output topic.
/// Throughput is counted from the first record to the last acknowledged one, so the group join (reported
/// separately as time to first record) does not dominate.
/// </summary>
internal sealed class KafkaBenchmark(KafkaSettings settings, TextWriter output)
{
    public const string InputTopic = "bench-input";

    /// <summary>
    /// Consumer settings both sides use (Streams adds group id, auto commit off, range assignment, earliest). The fetch
    /// queue backoff is Streams' default (<see cref="ClientConfigs.FetchQueueBackoffMs"/>, not librdkafka's 1000 ms), set
    /// here so that the plain loop's consumer refills its queue alike and the ratio compares the loops, not the configs.
    /// </summary>
    public static ConsumerConfig CommonConsumer() => new()
    {
        FetchWaitMaxMs = 10,
        FetchQueueBackoffMs = ClientConfigs.FetchQueueBackoffMs,
        SessionTimeoutMs = 10_000,
        HeartbeatIntervalMs = 1_000,
    };

    /// <summary>Producer settings both sides use (Streams adds the murmur2_random partitioner; the plain loop sets it too).</summary>
    public static ProducerConfig CommonProducer() => new()
    {
        LingerMs = 5,
    };

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var memory = new MemoryReport();
        using var cluster = EmbeddedKafkaCluster.Start();
        output.WriteLine("# kafka: plain Confluent.Kafka consume-produce loop vs StreamsApplication Stream(input).To(output)");
        output.WriteLine();
        output.WriteLine($"- broker: embedded, librdkafka {EmbeddedKafkaCluster.LibrdkafkaVersion} mock cluster, 1 broker, in this process, at {cluster.BootstrapServers}");
        output.WriteLine($"- input: {settings.Messages:N0} messages, ~{settings.ValueBytes}-byte values, keys 'key-<n>', {settings.Partitions} partitions, produced once before the rounds");
        output.WriteLine($"- client settings, both sides: consumer {Describe(CommonConsumer())}; producer {Describe(CommonProducer())}, partitioner murmur2_random; no commits while measuring");
        output.WriteLine($"- load average at start: {MachineInfo.LoadAverage()}; CPU: {MachineInfo.CpuModel()}");
        output.WriteLine($"- runtime: .NET {Environment.Version}, {Environment.ProcessorCount} cores; rounds: {settings.Warmup} warm-up + {settings.Rounds} measured per side, alternating (odd rounds Streams first); each run a fresh group / application id and a fresh output topic");
        output.WriteLine();

        cluster.CreateTopic(InputTopic, settings.Partitions);
        var produceTime = ProduceInput(cluster.BootstrapServers);
        var inputCount = EndOffsetSum(cluster.BootstrapServers, InputTopic, settings.Partitions);
        output.WriteLine($"Produced {inputCount:N0} input messages in {produceTime.TotalSeconds:N1} s ({Stats.N0(inputCount / produceTime.TotalSeconds)} msgs/s).");
        if (inputCount != settings.Messages)
        {
            throw new InvalidOperationException($"The input topic holds {inputCount:N0} messages, expected {settings.Messages:N0}.");
        }

        var plain = new List<KafkaRun>();
        var streams = new List<KafkaRun>();
        for (var round = 0; round < settings.Warmup + settings.Rounds; round++)
        {
            var warm = round < settings.Warmup;
            var streamsFirst = round % 2 == 1;
            for (var step = 0; step < 2; step++)
            {
                var doStreams = (step == 0) == streamsFirst;
                var outputTopic = $"bench-out-{(doStreams ? "streams" : "plain")}-{round}";
                cluster.CreateTopic(outputTopic, settings.Partitions);
                GC.Collect();
                KafkaRun run = doStreams
                    ? await new StreamsPassThrough(cluster.BootstrapServers, InputTopic, outputTopic, settings.Messages, $"bench-streams-{round}").RunAsync(cancellationToken)
                    : new PlainCopyLoop(cluster.BootstrapServers, InputTopic, outputTopic, settings.Messages, $"bench-plain-{round}").Run(cancellationToken);
                var written = EndOffsetSum(cluster.BootstrapServers, outputTopic, settings.Partitions);
                if (written != settings.Messages)
                {
                    throw new InvalidOperationException($"{outputTopic} holds {written:N0} messages, expected {settings.Messages:N0}.");
                }

                (doStreams ? streams : plain).AddRange(warm ? [] : [run]);
                output.WriteLine($"  round {round + 1}{(warm ? " (warm-up)" : string.Empty)} {(doStreams ? "streams" : "plain  ")}: {run.Describe()}; output end offsets sum {written:N0}");
            }
        }

        output.WriteLine();
        var table = new MarkdownTable("side", "msgs/s first->last (median)", "msgs/s (min-max)", "time to first record (median)", "first->last (median)", "start->last msgs/s (median)");
        AddRow(table, "plain Confluent.Kafka loop", plain);
        AddRow(table, "StreamsApplication Stream().To()", streams);
        table.Write(output);
        output.WriteLine();
        var ratio = Stats.Median(streams.Select(r => r.Rate).ToList()) / Stats.Median(plain.Select(r => r.Rate).ToList());
        var ratioTotal = Stats.Median(streams.Select(r => r.TotalRate).ToList()) / Stats.Median(plain.Select(r => r.TotalRate).ToList());
        output.WriteLine($"**Throughput ratio streams/plain (first record to last): {Stats.F(ratio, 2)}** (target >= 0.8: {(ratio >= 0.8 ? "met" : "MISSED")}); including group join (start to last): {Stats.F(ratioTotal, 2)}.");
        output.WriteLine();
        output.WriteLine($"Load average at end: {MachineInfo.LoadAverage()}");
        memory.Print(output, "kafka");
        return 0;
    }

    private static void AddRow(MarkdownTable table, string label, List<KafkaRun> runs) => table.Add(
        label,
        Stats.N0(Stats.Median(runs.Select(r => r.Rate).ToList())),
        Stats.Range(runs.Select(r => r.Rate).ToList()),
        Stats.F(Stats.Median(runs.Select(r => r.FirstRecord.TotalSeconds).ToList()), 2) + " s",
        Stats.F(Stats.Median(runs.Select(r => (r.Last - r.FirstRecord).TotalSeconds).ToList()), 2) + " s",
        Stats.N0(Stats.Median(runs.Select(r => r.TotalRate).ToList())));

    private static string Describe(ClientConfig config) =>
        string.Join(", ", config.Select(kv => $"{kv.Key}={kv.Value}"));

    private TimeSpan ProduceInput(string bootstrapServers)
    {
        var config = new ProducerConfig(CommonProducer()) { BootstrapServers = bootstrapServers, Partitioner = Partitioner.Murmur2Random };
        using var producer = new ProducerBuilder<byte[], byte[]>(config).Build();
        var filler = new string('x', settings.ValueBytes);
        var sw = Stopwatch.StartNew();
        Exception? failure = null;
        for (var i = 0; i < settings.Messages; i++)
        {
            // "000000042,2001-01-01T00:00,...xxxx": exactly ValueBytes bytes.
            var text = $"{i:D9},{DateTime.UnixEpoch.AddMinutes(i):yyyy-MM-ddTHH:mm},{filler}"[..settings.ValueBytes];
            var message = new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes($"key-{i}"), Value = Encoding.UTF8.GetBytes(text) };
            while (true)
            {
                try
                {
                    producer.Produce(InputTopic, message, r => failure ??= r.Error.IsError ? new KafkaException(r.Error) : null);
                    break;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }

        while (producer.Flush(TimeSpan.FromSeconds(1)) > 0)
        {
        }

        return failure is null ? sw.Elapsed : throw new InvalidOperationException("Producing the input failed.", failure);
    }

    public static long EndOffsetSum(string bootstrapServers, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "bench-inspector" }).Build();
        long sum = 0;
        for (var p = 0; p < partitions; p++)
        {
            sum += consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value;
        }

        return sum;
    }
}

/// <summary>One measured run: time from start to the first record, and to the last record acknowledged.</summary>
/// <param name="Messages">Messages copied.</param>
/// <param name="FirstRecord">From start (subscribe / StartAsync) to the first record consumed or seen processed.</param>
/// <param name="Last">From start to the last record consumed and acknowledged on the output.</param>
/// <param name="CountedFrom">Messages already processed when <paramref name="FirstRecord"/> was observed (excluded from the rate).</param>
internal sealed record KafkaRun(long Messages, TimeSpan FirstRecord, TimeSpan Last, long CountedFrom)
{
    /// <summary>Messages per second from the first record to the last.</summary>
    public double Rate => (Messages - CountedFrom) / (Last - FirstRecord).TotalSeconds;

    /// <summary>Messages per second from start (group join included) to the last.</summary>
    public double TotalRate => Messages / Last.TotalSeconds;

    public string Describe() =>
        $"first record after {FirstRecord.TotalSeconds:N2} s, last after {Last.TotalSeconds:N2} s, {Stats.N0(Rate)} msgs/s first->last ({Stats.N0(TotalRate)} msgs/s from start)";
}
