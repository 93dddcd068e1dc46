using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Streams.Processor;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Benchmarks.Benchmarks;

/// <summary>
/// What the store operation histogram (<c>streams.store.operation.duration</c>) costs per put and get of a
/// <c>MeteredKeyValueStore</c> over an in-memory store: <c>Absent</c> is the baseline without the histogram (the same
/// serde and bytes-store calls the metered store makes, without its metrics), <c>NoListener</c> the default with
/// nobody listening (target: within noise of <c>Absent</c>), <c>Listening</c> a MeterListener subscribed to the
/// histogram (two clock reads and a histogram update per operation; no allocation). One operation = one put or get.
/// Run: <c>dotnet run -c Release --project tests/Streams.Benchmarks -- bdn --filter '*StoreMetricsOverhead*'</c>.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class StoreMetricsOverheadBenchmarks
{
    private const int Keys = 4096;
    private readonly string[] _keys = [.. Enumerable.Range(0, Keys).Select(i => "key-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))];
#pragma warning disable CA1859 // Called through the interface on purpose: the metered store holds its inner store so.
    private IKeyValueBytesStore _bytes = null!;
#pragma warning restore CA1859
    private MeteredKeyValueStore<string?, long> _store = null!;
    private StateSerdes<string?, long> _serdes = null!;
    private MeterListener? _listener;
    private double _recorded;

    /// <summary>The metrics mode under test.</summary>
    [Params("Absent", "NoListener", "Listening")]
    public string Mode { get; set; } = "Absent";

    [GlobalSetup]
    public void GlobalSetup()
    {
        _bytes = new InMemoryKeyValueBytesStore("bench-store");
        _store = new MeteredKeyValueStore<string?, long>(_bytes, Serdes.String, Serdes.Int64);
        _store.Init(new BenchContext(), _store);
        _serdes = new StateSerdes<string?, long>("bench-store", Serdes.String, Serdes.Int64);
        foreach (var key in _keys)
        {
            _bytes.Put(_serdes.RawKey(key), _serdes.RawValue(1));
        }

        if (Mode == "Listening")
        {
            _listener = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (instrument.Meter.Name == StreamsTelemetry.MeterName && instrument.Name == "streams.store.operation.duration")
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _listener.SetMeasurementEventCallback<double>((_, value, _, _) => _recorded += value);
            _listener.Start();
        }
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _listener?.Dispose();
        _store.Close();
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public void Put()
    {
        var keys = _keys;
        if (Mode == "Absent")
        {
            for (var i = 0; i < keys.Length; i++)
            {
                _bytes.Put(_serdes.RawKey(keys[i]), _serdes.RawValue(i));
            }
        }
        else
        {
            for (var i = 0; i < keys.Length; i++)
            {
                _store.Put(keys[i], i);
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public long Get()
    {
        var keys = _keys;
        long sum = 0;
        if (Mode == "Absent")
        {
            foreach (var key in keys)
            {
                var bytes = _bytes.Get(_serdes.RawKey(key));
                sum += bytes is null ? 0 : _serdes.ValueFrom(bytes);
            }
        }
        else
        {
            foreach (var key in keys)
            {
                sum += _store.TryGet(key, out var value) ? value : 0;
            }
        }

        return sum;
    }

    private sealed class BenchContext : IStateStoreContext
    {
        public string ApplicationId => "bench";

        public TaskId TaskId => new(0, 0);

        public string StateDirectory => Path.GetTempPath();

        public void Register(IStateStore store, IStateRestoreCallback restoreCallback)
        {
        }
    }
}
