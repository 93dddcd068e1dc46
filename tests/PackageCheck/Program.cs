// The packaged-consumer check: word counts in a RocksDB store, through the TopologyTestDriver and on the embedded
// broker, from the packed Streams packages only. Exit code 0 when both runs give the expected counts.
using Confluent.Kafka;
using Streams;
using Streams.Dsl;
using Streams.EmbeddedKafka;
using Streams.RocksDb;
using Streams.Serialization;
using Streams.TestDriver;

string[] lines = ["the quick brown fox", "the lazy dog", "the fox"];
var expected = lines.SelectMany(l => l.Split(' ')).GroupBy(w => w).ToDictionary(g => g.Key, g => (long)g.Count());

Topology WordCounts()
{
    var builder = new StreamsBuilder();
    builder.Stream<string?, string?>("lines", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
        .FlatMapValues<string?>((_, line) => (line ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .GroupBy<string?>((_, word) => word, Grouped<string?, string?>.With(Serdes.String, Serdes.String))
        .Count(Materialized<string?, long>.As("word-counts"))
        .ToStream()
        .To("counts", Produced<string?, long>.With(Serdes.String, Serdes.Int64));
    return builder.Build();
}

var failures = new List<string>();
void Check(string run, IReadOnlyDictionary<string, long> actual)
{
    var diff = expected.Where(kv => !actual.TryGetValue(kv.Key, out var n) || n != kv.Value).Select(kv => kv.Key).ToList();
    Console.WriteLine($"{run}: {actual.Count} words, {(diff.Count == 0 && actual.Count == expected.Count ? "as expected" : "WRONG: " + string.Join(", ", diff))}");
    if (diff.Count > 0 || actual.Count != expected.Count)
    {
        failures.Add(run);
    }
}

var stateRoot = Directory.CreateTempSubdirectory("streams-package-check-");
try
{
    // 1. TopologyTestDriver with RocksDB stores.
    using (var driver = new TopologyTestDriver(WordCounts(), new TopologyTestDriverOptions
    {
        DslStoreSuppliers = RocksDbDslStoreSuppliers.Instance,
        StateDirectory = Path.Combine(stateRoot.FullName, "driver"),
    }))
    {
        var input = driver.CreateInputTopic("lines", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("counts", Serdes.String, Serdes.Int64);
        foreach (var line in lines)
        {
            input.PipeInput(null, line);
        }

        Check("TopologyTestDriver", output.ReadKeyValuesToMap().ToDictionary(kv => kv.Key!, kv => kv.Value));
    }

    // 2. The same topology on the embedded broker (librdkafka's mock cluster, in process).
    using var cluster = EmbeddedKafkaCluster.Start();
    cluster.CreateTopic("lines", 2);
    cluster.CreateTopic("counts", 2);
    using (var producer = new ProducerBuilder<string?, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
    {
        foreach (var line in lines)
        {
            await producer.ProduceAsync("lines", new Message<string?, string> { Key = null, Value = line });
        }
    }

    await using (var app = new StreamsApplication(WordCounts(), new StreamsOptions
    {
        ApplicationId = "package-check",
        BootstrapServers = cluster.BootstrapServers,
        StateDirectory = Path.Combine(stateRoot.FullName, "app"),
        DslStoreSuppliers = RocksDbDslStoreSuppliers.Instance,
        CommitInterval = TimeSpan.FromMilliseconds(200),
    }))
    {
        await app.StartAsync();
        var counts = new Dictionary<string, long>();
        using var consumer = new ConsumerBuilder<string, long>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "package-check-reader",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).SetValueDeserializer(Deserializers.Int64).Build();
        consumer.Subscribe("counts");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !expected.All(kv => counts.TryGetValue(kv.Key, out var n) && n == kv.Value))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } record)
            {
                counts[record.Message.Key] = record.Message.Value;
            }
        }

        consumer.Close();
        Console.WriteLine($"application: state {app.State}, processed {app.Progress.RecordsProcessed}{(app.Error is null ? "" : ", error: " + app.Error.Message)}");
        Check("embedded broker", counts);
    }
}
finally
{
    stateRoot.Delete(recursive: true);
}

Console.WriteLine(failures.Count == 0 ? "PACKAGE CHECK PASSED" : "PACKAGE CHECK FAILED: " + string.Join(", ", failures));
return failures.Count == 0 ? 0 : 1;
