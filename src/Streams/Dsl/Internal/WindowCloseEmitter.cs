using Streams.Processor;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>
/// The emit-on-window-close half of a time- or sliding-window aggregation, as Kafka Streams'
/// <c>AbstractKStreamTimeWindowAggregateProcessor</c> (<c>maybeForwardFinalResult</c>, <c>fetchAndEmit</c>): remembers
/// the last window close time whose windows were emitted and, when asked, forwards every window whose start lies in a
/// range (all keys, by start then key bytes) with its aggregate and largest record timestamp, once. The last close
/// time is read from and written to the emit-final metadata store, so a restarted task continues where it stopped.
/// Unlike Kafka Streams, the range fetch is not throttled to once per second of wall-clock time (an internal Kafka
/// setting): closed windows are emitted on the first record that closes them, which gives the same results sooner.
/// </summary>
internal sealed class WindowCloseEmitter<TKey, TAggregate>
{
    /// <summary>No window was emitted yet (Kafka Streams' <c>NO_TIMESTAMP</c>).</summary>
    public const long NoTimestamp = -1;

    private readonly IProcessorContext<Windowed<TKey>, Change<TAggregate>> _context;
    private readonly ITimestampedWindowStore<TKey, TAggregate> _store;
    private readonly IKeyValueStore<string?, long> _metadata;
    private readonly string _storeName;
    private readonly long _windowLengthMs;

    /// <param name="context">The processor's context.</param>
    /// <param name="store">The aggregation's window store.</param>
    /// <param name="storeName">The window store's name: the key of the last close time in the metadata store.</param>
    /// <param name="windowLengthMs">Window end minus window start (size, or the sliding time difference).</param>
    public WindowCloseEmitter(
        IProcessorContext<Windowed<TKey>, Change<TAggregate>> context, ITimestampedWindowStore<TKey, TAggregate> store, string storeName, long windowLengthMs)
    {
        _context = context;
        _store = store;
        _storeName = storeName;
        _windowLengthMs = windowLengthMs;
        _metadata = context.GetStateStore<IKeyValueStore<string?, long>>(StoreFactories.EmitFinalMetadataStoreName(storeName));
        if (_metadata.TryGet(storeName, out var last))
        {
            LastEmitCloseTime = last;
        }
    }

    /// <summary>The close time of the last emission, or <see cref="NoTimestamp"/>.</summary>
    public long LastEmitCloseTime { get; private set; } = NoTimestamp;

    /// <summary>Whether <paramref name="closeTime"/> is later than the last emission's (only then can new windows have closed).</summary>
    public bool HasAdvanced(long closeTime) => LastEmitCloseTime == NoTimestamp || LastEmitCloseTime < closeTime;

    /// <summary>
    /// Forwards every window of every key whose start lies in <c>[lowerStartMs, upperStartMs]</c>, by start and then key
    /// bytes, with the headers of the record being processed, and records <paramref name="closeTime"/> as emitted.
    /// </summary>
    public void Emit(long closeTime, long lowerStartMs, long upperStartMs, Confluent.Kafka.Headers? headers)
    {
        var closed = new List<KeyValuePair<Windowed<TKey>, ValueAndTimestamp<TAggregate>>>();
        using (var iterator = _store.FetchAll(lowerStartMs, upperStartMs))
        {
            while (iterator.MoveNext())
            {
                closed.Add(iterator.Current);
            }
        }

        // Stable: window stores return windows by key bytes, then start; emitted by start, then key bytes, as Kafka Streams' time-ordered stores.
        foreach (var (key, value) in closed.OrderBy(kv => kv.Key.Window.StartMs))
        {
            _context.Forward(new Record<Windowed<TKey>, Change<TAggregate>>(
                new Windowed<TKey>(key.Key, State.Internal.WindowKeySchema.WindowFor(key.Window.StartMs, _windowLengthMs)), new Change<TAggregate>(value.Value, true, default, false), value.TimestampMs, headers));
        }

        LastEmitCloseTime = closeTime;
        _metadata.Put(_storeName, closeTime);
    }
}
