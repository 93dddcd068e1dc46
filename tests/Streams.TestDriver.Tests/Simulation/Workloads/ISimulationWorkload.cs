using Confluent.Kafka;
using Streams.TestDriver.Simulation;

namespace Streams.TestDriver.Tests.Simulation.Workloads;

/// <summary>
/// What <see cref="SeededSimulation"/> runs under its fault schedule (issue 18, part 3): the topics, the topology, a
/// seeded input generator, a reference computed from the input as it is generated, and a checker over the output
/// history and the final state. One instance serves one seeded run (it accumulates that run's reference).
/// </summary>
internal interface ISimulationWorkload
{
    /// <summary>The workload's name in verdicts and in <c>STREAMS_SIM_WORKLOAD</c>.</summary>
    string Name { get; }

    /// <summary>The topics the harness creates before anything runs, with their partition counts.</summary>
    IReadOnlyList<(string Topic, int Partitions)> Topics { get; }

    /// <summary>The source topics whose committed offsets must reach their end before the run is caught up.</summary>
    IReadOnlyList<string> SourceTopics { get; }

    /// <summary>A new topology of the application (one per instance).</summary>
    Topology BuildTopology();

    /// <summary>Adjusts the options of every instance (e.g. the store kind), after the harness set its own.</summary>
    void Configure(StreamsOptions options);

    /// <summary>
    /// Writes what must be in place before the first instance starts (tables, reference data), drawing any choice from
    /// <paramref name="rng"/>; returns the records written.
    /// </summary>
    int Prepare(Random rng, IProducer<byte[], byte[]> producer);

    /// <summary>Whether the first instance has taken in what <see cref="Prepare"/> wrote (the harness waits for it before the first batch).</summary>
    bool Ready(InMemoryKafkaCluster cluster, string applicationId);

    /// <summary>Writes one seeded batch of input (a "produce" step of the schedule) and adds it to the reference; returns its size.</summary>
    int Produce(Random rng, IProducer<byte[], byte[]> producer);

    /// <summary>
    /// Writes the last batch, once every earlier record is processed and committed and no fault follows (late records and
    /// stream-time flushes whose fate must not depend on where a crash left the stream time); returns its size (0: none).
    /// </summary>
    int ProduceFinal(Random rng, IProducer<byte[], byte[]> producer);

    /// <summary>Records written by the application so far, committed or not: the harness crashes an instance after a seeded number of them.</summary>
    int ProgressRecords(InMemoryKafkaCluster cluster);

    /// <summary>Whether the committed output already holds everything the reference expects (polled while waiting for the survivor).</summary>
    bool CaughtUp(InMemoryKafkaCluster cluster);

    /// <summary>
    /// Compares the application's materialized store, read through interactive queries, with the reference (under
    /// at-least-once: that it counts every input record, duplicates allowed); adds a violation per difference.
    /// <paramref name="when"/> names the instance in the messages. Returns false when the store could not be read (yet):
    /// the harness retries within its bound.
    /// </summary>
    bool CheckStore(StreamsApplication app, string when, ProcessingGuarantee guarantee, List<string> violations);

    /// <summary>Whether the workload has a store to query (<see cref="CheckStore"/>) and to restore on a fresh instance.</summary>
    bool HasQueryableStore { get; }

    /// <summary>
    /// The checker over the full history: outputs against the reference under <paramref name="guarantee"/>, the changelog
    /// against the reference; adds violations and returns the input records lost and counted twice.
    /// </summary>
    (long Losses, long Duplicates) Check(InMemoryKafkaCluster cluster, string applicationId, ProcessingGuarantee guarantee, List<string> violations);
}

/// <summary>The workloads by name, for the tests and <c>STREAMS_SIM_WORKLOAD</c>.</summary>
internal static class SimulationWorkloads
{
    /// <summary>The names <see cref="Create"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } = ["wordcount", "flights", "joinsuppress"];

    /// <summary>A new workload of that name for one run.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static ISimulationWorkload Create(string name) => name switch
    {
        "wordcount" => new WordCountWorkload(),
        "flights" => new FlightWorkload(),
        "joinsuppress" => new JoinSuppressWorkload(),
        _ => throw new ArgumentException($"unknown workload '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };
}
