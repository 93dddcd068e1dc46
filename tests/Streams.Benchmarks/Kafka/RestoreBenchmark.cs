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
internal sealed record RestoreSettings(int Records, int Keys, int ValueBytes, string Stores, int Rounds, int Warmup, bool Breakdown);

/// <summary>
/// Restoring a store from its changelog vs a plain consumer reading the same partition, on one in-process broker
/// (librdkafka's mock cluster). A changelog partition of N records (timestamped key-value format, K distinct keys)
/// is produced once; then, alternating, (i) a plain Confluent.Kafka consumer with the restore consumer's settings
/// assigns the partition and reads it from the beginning to the end, touching every key and value, and (ii) the
/// runtime's <see cref="ChangelogRestorer"/> restores a fresh task's store (in memory or RocksDB) from it, the way
/// a task restores after a restart with no local state. Target: restore >= 0.8 of the plain consumer. The restorer reads
/// with librdkafka's batch API (<see cref="LibrdkafkaBatchReader"/>), so a third side reads the partition that way
/// doing nothing else: restore against it isolates what the store costs. With
/// <c>--breakdown</c> a third side writes the same records, read into memory once, into a fresh store in the restorer's
/// batches: the store's share of the restore. Every side prints its process CPU per record and GC pauses.
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

        var plain = new List<Sample>();
        var plainBatch = new List<Sample>();
        var restore = new List<Sample>();
        var writeOnly = new List<Sample>();
        var loaded = settings.Breakdown ? Load(cluster.BootstrapServers) : [];
        for (var round = 0; round < settings.Warmup + settings.Rounds; round++)
        {
            var warm = round < settings.Warmup;
            var sides = round % 2 == 0 ? new[] { Side.Plain, Side.PlainBatch, Side.Restore } : [Side.Restore, Side.PlainBatch, Side.Plain];
            foreach (var side in settings.Breakdown ? [.. sides, Side.WriteOnly] : sides)
            {
                GC.Collect();
                var threads = ThreadCpu.Snapshot();
                var cpu = Environment.CpuUsage.TotalTime;
                var (pause, gen0, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(2));
                var (records, elapsed) = side switch
                {
                    Side.Plain => ReadPlain(cluster.BootstrapServers, round),
                    Side.PlainBatch => ReadPlainBatch(cluster.BootstrapServers, round),
                    Side.Restore => Restore(cluster.BootstrapServers, round, null, cancellationToken),
                    _ => Restore(cluster.BootstrapServers, round, loaded, cancellationToken),
                };
                var processCpu = Environment.CpuUsage.TotalTime - cpu;
                var sample = new Sample(records / elapsed.TotalSeconds, processCpu.TotalMicroseconds / records, ThreadCpu.PerRecord(threads, ThreadCpu.Snapshot(), processCpu, records));
                if (records != retained)
                {
                    throw new InvalidOperationException($"{side} read {records:N0} records, expected {retained:N0}.");
                }

                (side switch { Side.Plain => plain, Side.PlainBatch => plainBatch, Side.Restore => restore, _ => writeOnly }).AddRange(warm ? [] : [sample]);
                output.WriteLine($"  round {round + 1}{(warm ? " (warm-up)" : string.Empty)} {side,-9}: {records:N0} records in {elapsed.TotalSeconds:N2} s, {Stats.N0(sample.Rate)} records/s, {Stats.F(sample.CpuMicros, 2)} us CPU/record, GC: {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:N0} ms paused, {GC.CollectionCount(0) - gen0} gen0 / {GC.CollectionCount(2) - gen2} gen2 collections");
            }
        }

        output.WriteLine();
        var table = new MarkdownTable("side", "records/s (median)", "records/s (min-max)", "process CPU us/record (median)");
        table.Add("plain Confluent.Kafka consumer", Stats.N0(Median(plain, s => s.Rate)), Stats.Range([.. plain.Select(s => s.Rate)]), Stats.F(Median(plain, s => s.CpuMicros), 2));
        table.Add("plain librdkafka batch reads (what the restorer reads with)", Stats.N0(Median(plainBatch, s => s.Rate)), Stats.Range([.. plainBatch.Select(s => s.Rate)]), Stats.F(Median(plainBatch, s => s.CpuMicros), 2));
        table.Add($"ChangelogRestorer -> {settings.Stores} store", Stats.N0(Median(restore, s => s.Rate)), Stats.Range([.. restore.Select(s => s.Rate)]), Stats.F(Median(restore, s => s.CpuMicros), 2));
        if (settings.Breakdown)
        {
            table.Add($"store writes only ({settings.Stores}, records in memory)", Stats.N0(Median(writeOnly, s => s.Rate)), Stats.Range([.. writeOnly.Select(s => s.Rate)]), Stats.F(Median(writeOnly, s => s.CpuMicros), 2));
        }

        table.Write(output);
        output.WriteLine();
        WriteThreadBreakdown(plain, restore, writeOnly);
        var ratio = Median(restore, s => s.Rate) / Median(plain, s => s.Rate);
        output.WriteLine($"**Restore ratio restore/plain: {Stats.F(ratio, 2)}** (target >= 0.8: {(ratio >= 0.8 ? "met" : "MISSED")}); "
            + $"median of per-round ratios {Stats.F(Stats.Median([.. restore.Zip(plain, (r, p) => r.Rate / p.Rate)]), 2)}; "
            + $"CPU per record plain/restore {Stats.F(Median(plain, s => s.CpuMicros) / Median(restore, s => s.CpuMicros), 2)}.");
        var batchRatio = Median(restore, s => s.Rate) / Median(plainBatch, s => s.Rate);
        output.WriteLine($"Restore against the same batch reads doing nothing else (the store's share): {Stats.F(batchRatio, 2)}; "
            + $"median of per-round ratios {Stats.F(Stats.Median([.. restore.Zip(plainBatch, (r, p) => r.Rate / p.Rate)]), 2)}.");
        output.WriteLine($"Load average at end: {MachineInfo.LoadAverage()}");
        memory.Print(output, "restore");
        return 0;
    }

    private enum Side
    {
        Plain,
        PlainBatch,
        Restore,
        WriteOnly,
    }

    private static double Median(List<Sample> samples, Func<Sample, double> selector) => Stats.Median([.. samples.Select(selector)]);

    /// <summary>Where each side's CPU goes, per thread role: medians of the measured rounds, us per record.</summary>
    private void WriteThreadBreakdown(List<Sample> plain, List<Sample> restore, List<Sample> writeOnly)
    {
        output.WriteLine("CPU per record by thread (us, median of the measured rounds; \"wait\" = runnable but waiting for a core, from /proc/self/task/*/schedstat):");
        output.WriteLine();
        var columns = new List<string> { "thread", "plain CPU", "plain wait", "restore CPU", "restore wait" };
        if (settings.Breakdown)
        {
            columns.Add("writes-only CPU");
        }

        var table = new MarkdownTable([.. columns]);
        foreach (var group in ThreadCpu.Groups)
        {
            var row = new List<string>
            {
                group,
                Stats.F(Median(plain, s => s.Threads[group].Cpu), 2), Stats.F(Median(plain, s => s.Threads[group].Wait), 2),
                Stats.F(Median(restore, s => s.Threads[group].Cpu), 2), Stats.F(Median(restore, s => s.Threads[group].Wait), 2),
            };
            if (settings.Breakdown)
            {
                row.Add(Stats.F(Median(writeOnly, s => s.Threads[group].Cpu), 2));
            }

            table.Add([.. row]);
        }

        table.Write(output);
        output.WriteLine();
    }

    /// <summary>The retained changelog records, read once, for the write-only side of the breakdown.</summary>
    private List<StateRestoreRecord> Load(string bootstrapServers)
    {
        var config = ClientConfigs.AssignOnlyConsumer(Options(bootstrapServers, Path.GetTempPath()), "bench-loader");
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        var tp = new TopicPartition(Changelog, 0);
        var watermarks = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10));
        consumer.Assign(new TopicPartitionOffset(tp, watermarks.Low));
        var records = new List<StateRestoreRecord>((int)_retained);
        while (records.Count < _retained)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } r)
            {
                records.Add(new(r.Message.Key, r.Message.Value, r.Message.Timestamp.UnixTimestampMs));
            }
        }

        return records;
    }

    private static StreamsOptions Options(string bootstrapServers, string stateDirectory) => new()
    {
        ApplicationId = ApplicationId,
        BootstrapServers = bootstrapServers,
        StateDirectory = stateDirectory,
        Consumer = new ConsumerConfig { FetchWaitMaxMs = 10 },
    };

    /// <summary>A consumer with the restore consumer's settings (not yet assigned: that is timed, as in the restorer).</summary>
    private static IConsumer<byte[], byte[]> PlainConsumer(string bootstrapServers, string clientId) =>
        new ConsumerBuilder<byte[], byte[]>(ClientConfigs.AssignOnlyConsumer(Options(bootstrapServers, Path.GetTempPath()), clientId)).Build();

    /// <summary>Assigns the changelog as the restorer does: watermarks first, then the low watermark (not Offset.Beginning, which costs a lookup).</summary>
    /// <returns>The end offset (exclusive).</returns>
    private static long AssignLikeTheRestorer(IConsumer<byte[], byte[]> consumer)
    {
        var tp = new TopicPartition(Changelog, 0);
        var watermarks = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10));
        consumer.Assign(new TopicPartitionOffset(tp, watermarks.Low));
        return watermarks.High.Value;
    }

    private (long Records, TimeSpan Elapsed) ReadPlain(string bootstrapServers, int round)
    {
        using var consumer = PlainConsumer(bootstrapServers, $"bench-plain-{round}");
        var sw = Stopwatch.StartNew();
        var end = AssignLikeTheRestorer(consumer);
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

    /// <summary>Reads the partition as the restorer does, with librdkafka's batch API, touching every key and value and doing nothing else.</summary>
    private (long Records, TimeSpan Elapsed) ReadPlainBatch(string bootstrapServers, int round)
    {
        using var consumer = PlainConsumer(bootstrapServers, $"bench-plain-batch-{round}");
        var sw = Stopwatch.StartNew();
        var end = AssignLikeTheRestorer(consumer);
        using var reader = LibrdkafkaBatchReader.TryCreate(consumer) ?? throw new InvalidOperationException("No librdkafka batch reader for Confluent's consumer.");
        long records = 0, bytes = 0;
        var done = false;
        while (!done)
        {
            var n = reader.Read(TimeSpan.FromMilliseconds(200));
            for (var i = 0; i < n; i++)
            {
                var record = reader[i];
                records++;
                bytes += record.Key.Length + record.Value.Length;
                done |= record.Offset + 1 >= end;
            }
        }

        var elapsed = sw.Elapsed;
        GC.KeepAlive(bytes);
        return (records, elapsed);
    }

    private (long Records, TimeSpan Elapsed) Restore(string bootstrapServers, int round, List<StateRestoreRecord>? loaded, CancellationToken cancellationToken)
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
            TimeSpan elapsed;
            long restored;
            if (loaded is null)
            {
                var sw = Stopwatch.StartNew();
                restorer.Restore(task, checkpoint, new Dictionary<TopicPartition, long>(), cancellationToken);
                elapsed = sw.Elapsed;
                restored = restorer.RestoredRecords;
            }
            else
            {
                // The store side alone: the same batches the restorer hands over, from records already in memory.
                var callback = context.Restorers[StoreName];
                var sw = Stopwatch.StartNew();
                ChangelogRestorer.Apply(callback, loaded);
                elapsed = sw.Elapsed;
                restored = loaded.Count;
            }

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

    private readonly record struct Sample(double Rate, double CpuMicros, Dictionary<string, (double Cpu, double Wait)> Threads);

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
