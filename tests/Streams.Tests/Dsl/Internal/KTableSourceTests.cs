using Streams.Dsl.Internal;
using Streams.Processor;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.Dsl.Internal;

/// <summary>What a versioned source table forwards (KIP-914); the DSL-level behaviour is tested through the driver.</summary>
public class KTableSourceTests
{
    private readonly CapturingContext _context;
    private readonly KTableSource<string, string> _source = new("table");

    public KTableSourceTests()
    {
        var store = new MeteredVersionedKeyValueStore<string, string>(
            Stores.InMemoryVersionedKeyValueStore("table", TimeSpan.FromMilliseconds(100)).Get(), Serdes.String!, Serdes.String!);
        store.Init(new FakeStoreContext(), store);
        _context = new CapturingContext(store);
        _source.Init(_context);
    }

    [Fact]
    public void An_out_of_order_update_is_forwarded_flagged_as_not_latest_with_the_latest_as_old_value()
    {
        _source.Process(new Record<string, string>("k", "v1", 10));
        _source.Process(new Record<string, string>("k", "v3", 30));
        _source.Process(new Record<string, string>("k", "v2", 20));

        _context.Forwarded.Select(r => (r.Value.NewValue, r.Value.OldValue, r.Value.IsLatest, r.TimestampMs)).Should().Equal(
            ("v1", null, true, 10L), ("v3", "v1", true, 30L), ("v2", "v3", false, 20L));
    }

    [Fact]
    public void A_tombstone_is_forwarded_even_for_an_absent_key_as_Kafka_Streams_does_for_versioned_tables()
    {
        _source.Process(new Record<string, string>("k", null!, 10));

        _context.Forwarded.Should().ContainSingle().Which.Value.Should().Be(new Change<string>(null, false, null, false));
    }

    [Fact]
    public void An_update_older_than_the_history_retention_is_not_forwarded()
    {
        _source.Process(new Record<string, string>("k", "v", 1_000));
        _source.Process(new Record<string, string>("k", "old", 899));
        _source.Process(new Record<string, string>("k", "edge", 900));

        _context.Forwarded.Select(r => r.Value.NewValue).Should().Equal("v", "edge");
    }

    private sealed class CapturingContext(IStateStore store) : IProcessorContext<string, Change<string>>
    {
        public List<Record<string, Change<string>>> Forwarded { get; } = [];

        public string ApplicationId => "app";

        public TaskId TaskId => new(0, 0);

        public RecordMetadata? RecordMetadata => null;

        public long CurrentStreamTimeMs => 0;

        public long CurrentSystemTimeMs => 0;

        public TStore GetStateStore<TStore>(string name)
            where TStore : class => store as TStore ?? throw new InvalidOperationException(name);

        public IDisposable Schedule(TimeSpan interval, PunctuationType type, Action<long> punctuator) => throw new NotSupportedException();

        public void Commit()
        {
        }

        public void Forward(Record<string, Change<string>> record) => Forwarded.Add(record);

        public void Forward(Record<string, Change<string>> record, string childName) => Forwarded.Add(record);
    }
}
