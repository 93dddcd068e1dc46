using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streams.Benchmarks.Support;
using Streams.Dsl;
using Streams.EmbeddedKafka;
using Streams.Errors;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.RocksDb;
using Streams.Runtime.Internal;
using Streams.Serialization;
using Streams.State;

namespace Streams.Benchmarks.Kafka;

/// <summary>Settings of the <c>restore</c> command.</summary>
internal sealed record RestoreSettings(int Records, int Keys, int ValueBytes, string Stores, int Rounds, int Warmup);

/// <summary>
/// Restoring a store from its changelog vs a plain consumer reading the same partition, on one in-process broker
/// (librdkafka's mock cluster). A changelog partition of N records (timestamped key-value format, K distinct keys)
/// is produced once; then, alternating, (i) a plain Confluent.Kafka consumer with the restore consumer's settings
/// assigns the partition and reads it from the beginning to the end, touching every key and value, and (ii) the
/// runtime's <see cref="ChangelogRestorer"/> restores a fresh task's store (in memory or RocksDB) from it, the way
/// a task restores after a restart with no local state. Target: restore >= 0.8 of the plain consumer.
/// </summary>
internal sealed class RestoreBenchmark(RestoreSettings settings, TextWriter output)
{
    private const string ApplicationId = "bench-restore";
    private const string StoreName = "restore-store";
    private static readonly string Changelog = $"{ApplicationId}-{StoreName}-changelog";
    private long _retained;

    public int Run(CancellationToken cancellationToken)
    {
        var memory = new MemoryReport();
        using var cluster = EmbeddedKafkaCluster.Start();
        output.WriteLine("# restore: ChangelogRestorer into a store vs a plain consumer reading the same changelog partition");
        output.WriteLine();
        output.WriteLine($"- broker: embedded, librdkafka {EmbeddedKafkaCluster.LibrdkafkaVersion} mock cluster, in this process");
        output.WriteLine($"- changelog: {settings.Records:N0} records, {settings.Keys:N0} distinct keys, {settings.ValueBytes}-byte values (+8-byte timestamp), 1 partition; store: {settings.Stores}");
        output.WriteLine($"- load average at start: {MachineInfo.LoadAverage()}; runtime .NET {Environment.Version}, {Environment.ProcessorCount} cores; rounds: {settings.Warmup} warm-up + {settings.Rounds} measured per side, alternating");
        output.WriteLine();
        cluster.CreateTopic(Changelog, 1);
        Produce(cluster.BootstrapServers);
        var retained = _retained = Retained(cluster.BootstrapServers);
        output.WriteLine($"The broker retains {retained:N0} of them (the mock cluster keeps at most 5 MiB per partition); both sides read those.");
        output.WriteLine();

        var plain = new List<double>();
        var restore = new List<double>();
        for (var round = 0; round < settings.Warmup + settings.Rounds; round++)
        {
            var warm = round < settings.Warmup;
            foreach (var doRestore in round % 2 == 0 ? new[] { false, true } : [true, false])
            {
                GC.Collect();
                var (records, elapsed) = doRestore ? Restore(cluster.BootstrapServers, round, cancellationToken) : ReadPlain(cluster.BootstrapServers, round);
                if (records != retained)
                {
                    throw new InvalidOperationException($"{(doRestore ? "restore" : "plain")} read {records:N0} records, expected {retained:N0}.");
                }

                var rate = records / elapsed.TotalSeconds;
                (doRestore ? restore : plain).AddRange(warm ? [] : [rate]);
                output.WriteLine($"  round {round + 1}{(warm ? " (warm-up)" : string.Empty)} {(doRestore ? "restore" : "plain  ")}: {records:N0} records in {elapsed.TotalSeconds:N2} s, {Stats.N0(rate)} records/s");
            }
        }

        output.WriteLine();
        var table = new MarkdownTable("side", "records/s (median)", "records/s (min-max)");
        table.Add("plain Confluent.Kafka consumer", Stats.N0(Stats.Median(plain)), Stats.Range(plain));
        table.Add($"ChangelogRestorer -> {settings.Stores} store", Stats.N0(Stats.Median(restore)), Stats.Range(restore));
        table.Write(output);
        output.WriteLine();
        var ratio = Stats.Median(restore) / Stats.Median(plain);
        output.WriteLine($"**Restore ratio restore/plain: {Stats.F(ratio, 2)}** (target >= 0.8: {(ratio >= 0.8 ? "met" : "MISSED")}).");
        output.WriteLine($"Load average at end: {MachineInfo.LoadAverage()}");
        memory.Print(output, "restore");
        return 0;
    }

    private static StreamsOptions Options(string bootstrapServers, string stateDirectory) => new()
    {
        ApplicationId = ApplicationId,
        BootstrapServers = bootstrapServers,
        StateDirectory = stateDirectory,
        Consumer = new ConsumerConfig { FetchWaitMaxMs = 10 },
    };

    private (long Records, TimeSpan Elapsed) ReadPlain(string bootstrapServers, int round)
    {
        var config = ClientConfigs.AssignOnlyConsumer(Options(bootstrapServers, Path.GetTempPath()), $"bench-plain-{round}");
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        var tp = new TopicPartition(Changelog, 0);
        var sw = Stopwatch.StartNew();
        // As the restorer: watermarks first, then assign at the low watermark (not Offset.Beginning, which costs a lookup).
        var watermarks = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10));
        var end = watermarks.High.Value;
        consumer.Assign(new TopicPartitionOffset(tp, watermarks.Low));
        long records = 0, bytes = 0;
        while (true)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            records++;
            bytes += result.Message.Key.Length + result.Message.Value.Length;
            if (result.Offset.Value + 1 >= end)
            {
                break;
            }
        }

        var elapsed = sw.Elapsed;
        GC.KeepAlive(bytes);
        return (records, elapsed);
    }

    private (long Records, TimeSpan Elapsed) Restore(string bootstrapServers, int round, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "streams-bench-restore", $"{round}-{Guid.NewGuid():N}");
        try
        {
            var options = Options(bootstrapServers, root);
            var builder = new StreamsBuilder();
            builder.Table("bench-restore-input", Consumed<string?, string?>.With(Serdes.String, Serdes.String), Materialized<string?, string?>.As(StoreName));
            var topology = builder.Build().Builder;
            IDslStoreSuppliers suppliers = settings.Stores == "rocksdb" ? RocksDbDslStoreSuppliers.Instance : InMemoryDslStoreSuppliers.Instance;
            using var stateDirectory = new StateDirectory(root, ApplicationId);
            var id = new TaskId(0, 0);
            var processors = topology.BuildTask(0, ApplicationId, suppliers, null);
            var context = new TaskContext(ApplicationId, id, stateDirectory.TaskDirectory(id), new CountingRecordCollector(), TimeProvider.System, processors.ChangelogTopics, new Dictionary<string, IStateStore>());
            var task = new StreamTask(id, processors, context, [], LogAndFailExceptionHandler.Instance, NullLogger.Instance);
            using var consumer = new ConsumerBuilder<byte[], byte[]>(ClientConfigs.AssignOnlyConsumer(options, $"bench-restore-{round}")).Build();
            var restorer = new ChangelogRestorer(consumer, stateDirectory, NullLogger.Instance, TimeSpan.FromSeconds(60));
            var checkpoint = restorer.PrepareTask(id, processors);
            task.InitializeStores();
            var sw = Stopwatch.StartNew();
            restorer.Restore(task, checkpoint, new Dictionary<TopicPartition, long>(), cancellationToken);
            var elapsed = sw.Elapsed;
            var restored = restorer.RestoredRecords;
            var store = processors.Stores.Single(s => s.Name == StoreName);
            var entries = store is IKeyValueStore<string?, ValueAndTimestamp<string?>> kv ? kv.ApproximateNumEntries : -1;
            if (entries >= 0 && entries != Math.Min(settings.Keys, _retained) && settings.Stores == "memory")
            {
                throw new InvalidOperationException($"The restored store holds {entries:N0} keys, expected {Math.Min(settings.Keys, _retained):N0}.");
            }

            task.Close();
            return (restored, elapsed);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static long Retained(string bootstrapServers)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "bench-inspector" }).Build();
        var w = consumer.QueryWatermarkOffsets(new TopicPartition(Changelog, 0), TimeSpan.FromSeconds(10));
        return w.High.Value - w.Low.Value;
    }

    private void Produce(string bootstrapServers)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 5 };
        using var producer = new ProducerBuilder<byte[], byte[]>(config).Build();
        var value = new byte[8 + settings.ValueBytes];
        Encoding.ASCII.GetBytes(new string('v', settings.ValueBytes)).CopyTo(value, 8);
        Exception? failure = null;
        for (var i = 0; i < settings.Records; i++)
        {
            BitConverter.TryWriteBytes(value.AsSpan(0, 8), (long)i);
            var message = new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes($"key-{i % settings.Keys:D8}"), Value = value, Timestamp = new Timestamp(i, TimestampType.CreateTime) };
            while (true)
            {
                try
                {
                    producer.Produce(Changelog, message, r => failure ??= r.Error.IsError ? new KafkaException(r.Error) : null);
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

        if (failure is not null)
        {
            throw new InvalidOperationException("Producing the changelog failed.", failure);
        }
    }
}
