using System.Diagnostics.Metrics;
using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.TestDriver.Tests.Telemetry;

/// <summary>
/// The state store instruments: <c>streams.store.operation.duration</c> (one measurement per operation, tagged with
/// store, task and Kafka Streams' operation name) and <c>streams.store.in_memory.size</c>. Runs in the non-parallel
/// telemetry collection: a MeterListener sees every test's measurements.
/// </summary>
[Collection(nameof(TracingTests))]
public sealed class StoreMetricsTests : IDisposable
{
    private const string OperationDuration = "streams.store.operation.duration";
    private const string InMemorySize = "streams.store.in_memory.size";
    private readonly List<(string Instrument, double Value, string? Store, string? Task, string? Operation)> _measurements = [];
    private readonly MeterListener _listener = new();
    private Instrument? _operationDuration;

    public StoreMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StreamsTelemetry.MeterName && instrument.Name is OperationDuration or InMemorySize or "streams.task.process.duration")
            {
                _operationDuration = instrument.Name == OperationDuration ? instrument : _operationDuration;
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public void Every_key_value_store_operation_records_one_duration_tagged_with_store_task_and_Kafka_Streams_operation_name()
    {
        using var driver = TableDriver("kv-ops");
        var store = driver.GetTimestampedKeyValueStore<string, string>("kv-ops")!;
        _listener.Start();

        store.Put("a", new ValueAndTimestamp<string>("1", 10));
        store.Get("a").Should().NotBeNull();
        store.TryGet("absent", out _).Should().BeFalse();
        store.Delete("a");
        Drain(store.Range("a", "z"));
        Drain(store.ReverseRange(null, null));
        Drain(store.All());
        Drain(store.ReverseAll());
        Drain(store.PrefixScan("a", Serdes.String));
        store.Flush();

        var recorded = Durations("kv-ops");
        recorded.Select(m => m.Operation).Should().Equal("put", "get", "get", "delete", "range", "range", "all", "all", "prefix-scan", "flush");
        recorded.Should().OnlyContain(m => m.Task == "0_0" && m.Value >= 0 && m.Value < 60);
    }

    [Fact]
    public void An_iterator_is_recorded_once_when_it_is_disposed_not_when_it_is_created()
    {
        using var driver = TableDriver("kv-iterator");
        var store = driver.GetTimestampedKeyValueStore<string, string>("kv-iterator")!;
        store.Put("a", new ValueAndTimestamp<string>("1", 10));
        _listener.Start();

        var iterator = store.All();
        iterator.MoveNext().Should().BeTrue();
        Durations("kv-iterator").Should().BeEmpty("Kafka Streams records a range's latency when its iterator closes");
        iterator.Dispose();
        iterator.Dispose();

        Durations("kv-iterator").Select(m => m.Operation).Should().Equal("all");
    }

    [Fact]
    public void Window_store_reads_are_recorded_as_fetch()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)))
            .Count(Materialized<string?, long>.As("win-ops"));
        using var driver = new TopologyTestDriver(builder.Build());
        var store = driver.GetTimestampedWindowStore<string, long>("win-ops")!;
        _listener.Start();

        store.Put("a", new ValueAndTimestamp<long>(1, 5), 0);
        store.Fetch("a", 0).Should().NotBeNull();
        Drain(store.Fetch("a", 0, 10_000));
        Drain(store.Fetch("a", "b", 0, 10_000));
        Drain(store.FetchAll(0, 10_000));
        Drain(store.All());
        Drain(store.BackwardFetch("a", 0, 10_000));
        store.Flush();

        Durations("win-ops").Select(m => m.Operation).Should().Equal("put", "fetch", "fetch", "fetch", "fetch", "fetch", "fetch", "flush");
        Durations("win-ops").Should().OnlyContain(m => m.Task == "0_0");
    }

    [Fact]
    public void Session_store_reads_are_recorded_as_fetch_and_removals_as_remove()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .GroupByKey()
            .WindowedBy(SessionWindows.OfInactivityGapWithNoGrace(TimeSpan.FromSeconds(10)))
            .Count(Materialized<string?, long>.As("session-ops"));
        using var driver = new TopologyTestDriver(builder.Build());
        var store = driver.GetSessionStore<string, long>("session-ops")!;
        var session = new Windowed<string>("a", new Window(0, 5));
        _listener.Start();

        store.Put(session, 1);
        store.FetchSession("a", 0, 5).Should().Be(1);
        Drain(store.FindSessions("a", 0, 10));
        Drain(store.Fetch("a"));
        store.Remove(session);

        Durations("session-ops").Select(m => m.Operation).Should().Equal("put", "fetch", "fetch", "fetch", "remove");
    }

    [Fact]
    public void Records_processed_by_a_task_time_their_store_operations_under_that_task()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed<string?, string?>.With(Serdes.String, Serdes.String))
            .GroupBy((_, v) => v, Grouped<string?, string?>.With(Serdes.String, Serdes.String))
            .Count(Materialized<string?, long>.As("by-value-ops").WithCachingDisabled());
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        _listener.Start();

        input.PipeInput("k1", "x", 1);
        input.PipeInput("k2", "x", 2);

        var recorded = Durations("by-value-ops").Where(m => m.Operation != "flush").ToList();
        recorded.Select(m => m.Operation).Should().Equal(["get", "put", "get", "put"], "a count reads the old count and writes the new one per record");
        recorded.Should().OnlyContain(m => m.Task == "1_0", "the count runs in the sub-topology after the repartition");
    }

    [Fact]
    public void No_duration_is_recorded_once_the_listener_stops_listening_to_the_histogram()
    {
        using var driver = TableDriver("kv-off");
        var store = driver.GetTimestampedKeyValueStore<string, string>("kv-off")!;
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        _listener.Start();
        store.Put("a", new ValueAndTimestamp<string>("1", 10));
        _operationDuration.Should().NotBeNull();

        _listener.DisableMeasurementEvents(_operationDuration!);
        store.Put("b", new ValueAndTimestamp<string>("2", 10));
        store.Get("b");
        input.PipeInput("c", "3", 20);

        Durations("kv-off").Select(m => m.Operation).Should().Equal(["put"], "only the put made while the histogram was enabled is recorded");
        _measurements.Should().Contain(m => m.Instrument == "streams.task.process.duration", "the listener itself still receives the other instruments");
    }

    [Fact]
    public void The_in_memory_size_follows_the_key_and_value_bytes_through_puts_overwrites_and_deletes()
    {
        var driver = TableDriver("kv-size", caching: false);
        var store = driver.GetTimestampedKeyValueStore<string, string>("kv-size")!;
        _listener.Start();
        const int Stamp = 8; // the 8-byte timestamp in front of every value of a timestamped store

        Size("kv-size").Should().Be(0);
        store.Put("k", new ValueAndTimestamp<string>("abc", 1));
        Size("kv-size").Should().Be(1 + Stamp + 3);
        store.Put("k", new ValueAndTimestamp<string>("abcdef", 2));
        Size("kv-size").Should().Be(1 + Stamp + 6, "an overwrite replaces the old value's bytes");
        store.Put("kk", new ValueAndTimestamp<string>("x", 3));
        Size("kv-size").Should().Be(1 + Stamp + 6 + 2 + Stamp + 1);
        store.Delete("k");
        Size("kv-size").Should().Be(2 + Stamp + 1);
        store.Put("kk", null);
        Size("kv-size").Should().Be(0, "a null value deletes");
        store.Delete("never-there");
        Size("kv-size").Should().Be(0);

        driver.Dispose();
        Size("kv-size").Should().BeNull("a closed store is no longer observed");
    }

    private static TopologyTestDriver TableDriver(string store, bool caching = true)
    {
        var builder = new StreamsBuilder();
        var materialized = Materialized<string?, string?>.As(store);
        builder.Table("in", Consumed<string?, string?>.With(Serdes.String, Serdes.String), caching ? materialized : materialized.WithCachingDisabled());
        return new TopologyTestDriver(builder.Build());
    }

    private static void Drain<TKey, TValue>(IKeyValueIterator<TKey, TValue> iterator)
    {
        using (iterator)
        {
            while (iterator.MoveNext())
            {
            }
        }
    }

    private List<(string Instrument, double Value, string? Store, string? Task, string? Operation)> Durations(string store)
    {
        lock (_measurements)
        {
            return [.. _measurements.Where(m => m.Instrument == OperationDuration && m.Store == store)];
        }
    }

    private double? Size(string store)
    {
        lock (_measurements)
        {
            _measurements.RemoveAll(m => m.Instrument == InMemorySize);
        }

        _listener.RecordObservableInstruments();
        lock (_measurements)
        {
            var sizes = _measurements.Where(m => m.Instrument == InMemorySize && m.Store == store).ToList();
            sizes.Should().NotContain(m => m.Task != "0_0");
            return sizes.Count == 0 ? null : sizes.Single().Value;
        }
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? store = null, task = null, operation = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "store":
                    store = tag.Value as string;
                    break;
                case "task":
                    task = tag.Value as string;
                    break;
                case "operation":
                    operation = tag.Value as string;
                    break;
            }
        }

        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, store, task, operation));
        }
    }
}
