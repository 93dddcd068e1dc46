using Streams.Dsl.Internal;
using Streams.Processor;
using Streams.State;

namespace Streams.Tests.Support;

/// <summary>A processor context that records what is forwarded; no stores, no schedules.</summary>
internal sealed class CapturingProcessorContext<TKey, TValue> : IProcessorContext<TKey, TValue>
{
    public List<Record<TKey, TValue>> Forwarded { get; } = [];

    public string ApplicationId => "app";

    public TaskId TaskId => new(0, 0);

    public RecordMetadata? RecordMetadata => null;

    public long CurrentStreamTimeMs => -1;

    public long CurrentSystemTimeMs => 0;

    public TStore GetStateStore<TStore>(string name)
        where TStore : class => throw new InvalidOperationException($"No store '{name}' in this test.");

    public IDisposable Schedule(TimeSpan interval, PunctuationType type, Action<long> punctuator) => throw new NotSupportedException();

    public void Commit()
    {
    }

    public void Forward(Record<TKey, TValue> record) => Forwarded.Add(record);

    public void Forward(Record<TKey, TValue> record, string childName) => Forwarded.Add(record);
}

/// <summary>A table read from a dictionary, for join processors under test.</summary>
internal sealed class DictionaryTable<TKey, TValue>
    where TKey : notnull
{
    public Dictionary<TKey, ValueAndTimestamp<TValue>> Rows { get; } = [];

    public KTableValueGetterSupplier<TKey, TValue> Getter => new([], _ => new RowGetter(Rows));

    private sealed class RowGetter(Dictionary<TKey, ValueAndTimestamp<TValue>> rows) : IKTableValueGetter<TKey, TValue>
    {
        public ValueAndTimestamp<TValue>? Get(TKey key) => rows.GetValueOrDefault(key);
    }
}
