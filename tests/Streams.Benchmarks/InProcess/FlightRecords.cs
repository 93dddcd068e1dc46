using System.Text;
using Confluent.Kafka;
using FlightDelays;

namespace Streams.Benchmarks.InProcess;

/// <summary>
/// The flights input held in memory twice: as CSV lines for the hand-written loop, and as the Kafka records
/// the replayer would produce (key = origin, value = the CSV line, both UTF-8; timestamp = scheduled
/// departure, or the previous record's for a malformed line) for the task. Loaded before any timing.
/// </summary>
internal sealed class FlightRecords
{
    private readonly byte[]?[] _keys;
    private readonly byte[][] _values;
    private readonly long[] _timestamps;

    private FlightRecords(List<string> lines)
    {
        Lines = lines;
        _keys = new byte[]?[lines.Count];
        _values = new byte[lines.Count][];
        _timestamps = new long[lines.Count];
        var keyBytes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long last = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var origin = FlightParser.ExtractOrigin(line);
            if (origin is not null && !keyBytes.TryGetValue(origin, out var key))
            {
                key = Encoding.UTF8.GetBytes(origin);
                keyBytes.Add(origin, key);
            }

            _keys[i] = origin is null ? null : keyBytes[origin];
            _values[i] = Encoding.UTF8.GetBytes(line);
            last = FlightParser.TryParse(line, out var flight, out _) ? flight.TimestampMs : last;
            _timestamps[i] = last;
        }
    }

    public IReadOnlyList<string> Lines { get; }

    public int Count => Lines.Count;

    public long ValueBytes => _values.Sum(v => (long)v.Length);

    public static FlightRecords Load(string path) => new(FlightInput.ReadLines(path).ToList());

    /// <summary>
    /// The record at <paramref name="index"/> as the Confluent consumer hands it over (a fresh
    /// <see cref="ConsumeResult{TKey, TValue}"/> and <see cref="Message{TKey, TValue}"/> per record, as the client allocates).
    /// </summary>
    public ConsumeResult<byte[], byte[]> ConsumeResult(string topic, int index) => new()
    {
        Topic = topic,
        Partition = new Partition(0),
        Offset = new Offset(index),
        Message = new Message<byte[], byte[]>
        {
            Key = _keys[index]!,
            Value = _values[index],
            Timestamp = new Timestamp(_timestamps[index], TimestampType.CreateTime),
        },
    };
}
