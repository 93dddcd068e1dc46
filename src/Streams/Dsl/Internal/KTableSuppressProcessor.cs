using System.Runtime.CompilerServices;
using Streams.Internal;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Dsl.Internal;

/// <summary>What a suppress processor needs from <see cref="Suppressed{TKey}"/>, with the grace resolved for final results.</summary>
/// <param name="SuppressDurationMs">How long an entry waits past its buffer time: the time limit, or the window grace.</param>
/// <param name="BufferTime">The buffer time of an update: the record timestamp, or the window end for final results.</param>
/// <param name="SafeToDropTombstones">True for final results: deletes are not emitted.</param>
/// <param name="Buffer">Limits and full strategy.</param>
internal sealed record SuppressionSettings<TKey>(long SuppressDurationMs, Func<TKey, long, long> BufferTime, bool SafeToDropTombstones, BufferConfig Buffer);

/// <summary>
/// Suppresses table updates, as Kafka Streams' <c>KTableSuppressProcessorSupplier</c>: buffers each update at its
/// buffer time (record timestamp, or window end), then, per record, emits (oldest first) every entry whose buffer
/// time is at or before <c>streamTime - suppressDuration</c>, where stream time is the largest record timestamp this
/// processor has seen. Emitted records carry the buffered record's timestamp, headers and source metadata. When the
/// buffer is over its limits it emits the oldest entries early, or throws a <see cref="StreamsException"/>.
/// </summary>
internal sealed class KTableSuppressProcessor<TKey, TValue>(string storeName, SuppressionSettings<TKey> settings)
    : IProcessor<TKey, Change<TValue>, TKey, Change<TValue>>
{
    private IProcessorContext<TKey, Change<TValue>> _context = null!;
    private InMemoryTimeOrderedKeyValueBuffer<TKey, TValue> _buffer = null!;
    private long _observedStreamTime = -1;

    public void Init(IProcessorContext<TKey, Change<TValue>> context)
    {
        _context = context;
        _buffer = context.GetStateStore<InMemoryTimeOrderedKeyValueBuffer<TKey, TValue>>(storeName);
    }

    public void Process(Record<TKey, Change<TValue>> record)
    {
        _observedStreamTime = Math.Max(_observedStreamTime, record.TimestampMs);
        var metadata = _context.RecordMetadata;
        var context = new BufferedRecordContext(record.TimestampMs, metadata?.Topic ?? string.Empty, metadata?.Partition ?? -1, metadata?.Offset ?? -1, record.Headers);
        _buffer.Put(settings.BufferTime(record.Key, record.TimestampMs), record.Key, record.Value, context);
        EnforceConstraints();
    }

    private void EnforceConstraints()
    {
        var expiryTime = _observedStreamTime - settings.SuppressDurationMs;
        _buffer.EvictWhile(() => _buffer.MinTimestamp <= expiryTime, Emit);
        if (!OverCapacity())
        {
            return;
        }

        if (!settings.Buffer.ShutsDownWhenFull)
        {
            _buffer.EvictWhile(OverCapacity, Emit);
            return;
        }

        throw new StreamsException(
            $"{NodeName} buffer exceeded its max capacity. Currently [{_buffer.NumRecords}/{Limit(settings.Buffer.RecordLimit)}] records and " +
            $"[{_buffer.BufferSize}/{Limit(settings.Buffer.ByteLimit)}] bytes (buffer config: {settings.Buffer}).");
    }

    private string NodeName => _context is IInternalProcessorContext internalContext ? internalContext.NodeName : storeName;

    private bool OverCapacity() => _buffer.NumRecords > settings.Buffer.RecordLimit || _buffer.BufferSize > settings.Buffer.ByteLimit;

    [MethodImpl(MethodImplOptions.NoInlining)] // no try region inlined on the forward path (docs/reliability.md, "Hardening")
    private void Emit(InMemoryTimeOrderedKeyValueBuffer<TKey, TValue>.Eviction eviction)
    {
        if (!eviction.Value.HasNewValue && settings.SafeToDropTombstones)
        {
            return;
        }

        // As Kafka Streams: downstream sees the buffered record's context (metadata), not the one being processed.
        var task = (_context as IInternalProcessorContext)?.Task;
        var previous = task?.RecordMetadata;
        var buffered = eviction.Context;
        if (task is not null)
        {
            task.RecordMetadata = buffered.Topic.Length == 0 ? null : new RecordMetadata(buffered.Topic, buffered.Partition, buffered.Offset);
        }

        try
        {
            _context.Forward(new Record<TKey, Change<TValue>>(eviction.Key, eviction.Value, buffered.Timestamp, buffered.Headers));
            StreamsMetrics.SuppressionEmits.Add(1, new KeyValuePair<string, object?>("task", _context.TaskId.ToString()), new KeyValuePair<string, object?>("processor", NodeName));
        }
        finally
        {
            if (task is not null)
            {
                task.RecordMetadata = previous;
            }
        }
    }

    private static string Limit(long limit) => limit == long.MaxValue ? "unbounded" : limit.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// How joins read the suppressed table, as Kafka Streams' suppress <c>view()</c>: a buffered key reads as the value
    /// downstream last saw (its prior value); other keys read through the upstream table.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // no try region inlined on the forward path (docs/reliability.md, "Hardening")
    public static KTableValueGetterSupplier<TKey, TValue> Getter(string storeName, KTableValueGetterSupplier<TKey, TValue> parent) =>
        new([storeName, .. parent.StoreNames], context => new SuppressedGetter(context.GetStateStore<InMemoryTimeOrderedKeyValueBuffer<TKey, TValue>>(storeName), parent.Create(context)));

    private sealed class SuppressedGetter(InMemoryTimeOrderedKeyValueBuffer<TKey, TValue> buffer, IKTableValueGetter<TKey, TValue> parent) : IKTableValueGetter<TKey, TValue>
    {
        public ValueAndTimestamp<TValue>? Get(TKey key) => key is not null && buffer.TryGetPriorValue(key, out var prior) ? prior : parent.Get(key);
    }
}
