using System.Diagnostics.Metrics;
using System.Globalization;

namespace Streams.AspNetCore;

/// <summary>
/// Keeps the running values of the <c>Streams</c> and <c>Streams.RocksDb</c> meters in process, for the worker's
/// <c>/metrics</c> endpoint where no exporter package is available (prometheus-net and OpenTelemetry exporters are not on
/// this machine's NuGet copy; with them, prefer <c>AddOpenTelemetry().WithMetrics(m =&gt; m.AddMeter(...))</c>).
/// </summary>
/// <remarks>
/// While a collector exists its <see cref="MeterListener"/> is subscribed, so the histograms that Streams records only
/// for listeners (process, commit and store-operation durations) are recorded, at the cost measured by the
/// <c>StoreMetricsOverhead</c> benchmark. Thread-safe; dispose to unsubscribe.
/// </remarks>
public sealed class StreamsMetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<(Instrument Instrument, string TagKey), Aggregate> _values = [];

    /// <summary>Starts listening to the instruments of <paramref name="meterNames"/> (default: <c>Streams</c> and <c>Streams.RocksDb</c>).</summary>
    /// <param name="meterNames">The meters to collect; null or empty for the two Streams meters.</param>
    public StreamsMetricsCollector(IEnumerable<string>? meterNames = null)
    {
        var meters = meterNames?.ToHashSet(StringComparer.Ordinal) is { Count: > 0 } given ? given : new HashSet<string>(StringComparer.Ordinal) { StreamsTelemetry.MeterName, "Streams.RocksDb" };
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (meters.Contains(instrument.Meter.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>Observes the gauges now and returns every instrument and tag set seen so far, ordered by meter, name and tags.</summary>
    /// <returns>The values.</returns>
    public IReadOnlyList<StreamsMetricValue> Snapshot()
    {
        _listener.RecordObservableInstruments();
        lock (_lock)
        {
            return _values
                .Select(kv => kv.Value.ToValue(kv.Key.Instrument))
                .OrderBy(v => v.Meter, StringComparer.Ordinal).ThenBy(v => v.Name, StringComparer.Ordinal)
                .ThenBy(v => string.Join(',', v.Tags.Select(t => t.Key + "=" + t.Value)), StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>Stops listening.</summary>
    public void Dispose() => _listener.Dispose();

    private static string Kind(Instrument instrument) => instrument switch
    {
        Histogram<long> or Histogram<double> or Histogram<int> => "histogram",
        Counter<long> or Counter<double> or Counter<int> or UpDownCounter<long> or UpDownCounter<double> or UpDownCounter<int> => "counter",
        _ => "gauge",
    };

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var sorted = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            sorted[tag.Key] = Convert.ToString(tag.Value, CultureInfo.InvariantCulture);
        }

        var key = (instrument, string.Join('\u0001', sorted.Select(t => t.Key + "\u0002" + t.Value)));
        lock (_lock)
        {
            if (!_values.TryGetValue(key, out var aggregate))
            {
                _values[key] = aggregate = new Aggregate(Kind(instrument), sorted);
            }

            aggregate.Add(value);
        }
    }

    private sealed class Aggregate(string kind, IReadOnlyDictionary<string, string?> tags)
    {
        private double _value;
        private long _count;
        private double _max = double.NegativeInfinity;

        public void Add(double value)
        {
            _count++;
            _max = Math.Max(_max, value);
            _value = kind == "gauge" ? value : _value + value;
        }

        public StreamsMetricValue ToValue(Instrument instrument) => new(
            instrument.Meter.Name, instrument.Name, kind, instrument.Unit, tags, _value,
            kind == "gauge" ? null : _count, kind == "histogram" ? _max : null);
    }
}
