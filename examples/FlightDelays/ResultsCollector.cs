using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace FlightDelays;

/// <summary>
/// Reads <c>airport-delay-stats</c> from the beginning while the job runs (so the broker's retention
/// window never passes it) and keeps the latest result per origin and window.
/// </summary>
public sealed class ResultsCollector(string bootstrapServers, ILogger? clientLog = null) : IDisposable
{
    private readonly LatestWindowResults _latest = new();
    private readonly IConsumer<string?, byte[]> _consumer = Replayer.WithLog(
        new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "flight-delays-results",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
        }),
        clientLog).Build();

    private Task? _loop;
    private CancellationTokenSource? _stop;

    public long Read { get; private set; }

    /// <summary>The latest result of each window read (see <see cref="LatestWindowResults.TakeResults"/>). Call once, after <see cref="DrainAsync"/>.</summary>
    public IReadOnlyList<WindowResult> TakeResults()
    {
        lock (_lock)
        {
            return _latest.TakeResults();
        }
    }

    public void Start(int partitions)
    {
        _consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(FlightTopology.StatsTopic, p, Offset.Beginning)));
        _stop = new CancellationTokenSource();
        var token = _stop.Token;
        _loop = Task.Factory.StartNew(() => Loop(token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Reads until every partition reaches its current end offset, then stops.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var ends = _consumer.Assignment.ToDictionary(tp => tp, tp => _consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value);
        var deadline = DateTime.UtcNow + timeout;
        while (ends.Any(e => Position(e.Key) < e.Value))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Results did not reach the end of {FlightTopology.StatsTopic} within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        await _stop!.CancelAsync().ConfigureAwait(false);
        await _loop!.ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stop?.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _consumer.Dispose();
        _stop?.Dispose();
    }

    private readonly Dictionary<TopicPartition, long> _positions = [];
    private readonly Lock _lock = new();

    private long Position(TopicPartition tp)
    {
        lock (_lock)
        {
            return _positions.GetValueOrDefault(tp);
        }
    }

    private void Loop(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            var r = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (r is null || r.Message.Value is null)
            {
                continue;
            }

            var read = WindowResult.FromJson(r.Message.Value);
            lock (_lock)
            {
                _latest.Add(read);
                _positions[r.TopicPartition] = r.Offset.Value + 1;
                Read++;
            }
        }
    }
}
