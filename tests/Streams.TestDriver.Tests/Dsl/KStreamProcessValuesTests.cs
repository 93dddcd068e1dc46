using System.Text;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.Processor;
using Streams.Serialization;
using Streams.State;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

/// <summary>
/// <c>ProcessValues</c> with <see cref="IFixedKeyProcessor{TKey, TValueIn, TValueOut}"/> (KIP-820), and Processor API
/// processors connected to stores added with <c>StreamsBuilder.AddStateStore</c>, as Kafka Streams' <c>processValues</c>,
/// <c>process(supplier, storeNames)</c> and <c>addStateStore</c>.
/// </summary>
public class KStreamProcessValuesTests
{
    [Fact]
    public void ProcessValues_forwards_any_number_of_records_derived_from_the_input_with_its_key()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").ProcessValues(() => new Splitter()).To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "a,b", 7);
        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("j", "", 8);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadRecordsToList().Select(r => (r.Key, r.Value, r.TimestampMs))
            .Should().Equal(("k", "a", 7L), ("k", "b", 8L));
    }

    [Fact]
    public void After_ProcessValues_a_grouping_needs_no_repartition_topic_but_after_Process_it_does()
    {
        var byValues = new StreamsBuilder();
        byValues.Stream<string, string>("in").ProcessValues(() => new Splitter()).GroupByKey().Count(Materialized<string, long>.As("counts"));
        var byProcess = new StreamsBuilder();
        byProcess.Stream<string, string>("in").Process(() => new Forwarder()).GroupByKey().Count(Materialized<string, long>.As("counts"));

        byValues.Build().InternalTopics("app").Should().Equal("app-counts-changelog");
        byProcess.Build().InternalTopics("app").Should().BeEquivalentTo("app-counts-repartition", "app-counts-changelog");
    }

    [Fact]
    public void ProcessValues_keeps_the_stream_marked_for_repartitioning_after_a_key_change()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").SelectKey((_, v) => v).ProcessValues(() => new Splitter())
            .GroupByKey().Count(Materialized<string, long>.As("counts"));

        builder.Build().InternalTopics("app").Should().Contain("app-counts-repartition");
    }

    [Fact]
    public void A_fixed_key_processor_can_change_timestamp_and_headers_and_forward_to_a_named_child()
    {
        var builder = new StreamsBuilder();
        var split = builder.Stream<string, string>("in").ProcessValues(() => new Restamper(), Named.As("restamp"));
        split.To("out", Produced<string, string>.As("out-sink"));
        split.To("other");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v", 5);

        var record = driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadRecord();
        (record.Key, record.Value, record.TimestampMs).Should().Be(("k", "v!", 500L));
        Encoding.UTF8.GetString(record.Headers.GetLastBytes("seen")).Should().Be("yes");
        driver.CreateOutputTopic("other", Serdes.String, Serdes.String).ReadPairs().Should().BeEmpty("only the named child got the record");
    }

    [Fact]
    public void ProcessValues_reads_and_writes_a_store_added_to_the_builder()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("seen"), Serdes.String, Serdes.Int64));
        builder.Stream<string, string>("in").ProcessValues(() => new Deduplicator("seen"), null, "seen").To("out");
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ApplicationId = "app" });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "1", 1);
        input.PipeInput("a", "2", 2);
        input.PipeInput("b", "3", 3);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(("a", "1"), ("b", "3"));
        driver.GetKeyValueStore<string, long>("seen")!.Get("a").Should().Be(2, "the store counts every record of the key");
        driver.ProducedTopicNames.Should().Contain("app-seen-changelog", "a store builder logs by default, as Kafka Streams");
    }

    [Fact]
    public void Process_reads_a_store_added_to_the_builder_by_name()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("totals"), Serdes.String, Serdes.Int64).WithLoggingDisabled());
        builder.Stream<string, string>("in").Process(() => new Totaller("totals"), "totals").To("out");
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ApplicationId = "app" });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "x", 1);
        input.PipeInput("a", "yy", 2);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("a", 1L), ("a", 3L));
        driver.ProducedTopicNames.Should().NotContain("app-totals-changelog");
    }

    [Fact]
    public void A_store_may_be_added_after_the_processor_that_names_it()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").Process(() => new Totaller("late"), "late").To("out");
        builder.AddStateStore(Stores.TimestampedKeyValueStoreBuilder(Stores.InMemoryKeyValueStore("late"), Serdes.String, Serdes.Int64));

        builder.Build().Describe().Subtopologies.Single().Nodes.Single(n => n.Stores.Count > 0).Stores.Should().Equal("late");
    }

    [Fact]
    public void Processors_sharing_a_store_run_in_one_sub_topology()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("shared"), Serdes.String, Serdes.Int64));
        builder.Stream<string, string>("a").Process(() => new Totaller("shared"), "shared").To("out-a");
        builder.Stream<string, string>("b").Process(() => new Totaller("shared"), "shared").To("out-b");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("a", Serdes.String, Serdes.String).PipeInput("k", "xx", 1);
        driver.CreateInputTopic("b", Serdes.String, Serdes.String).PipeInput("k", "yyy", 2);

        builder.Build().Describe().Subtopologies.Should().ContainSingle();
        driver.CreateOutputTopic("out-b", Serdes.String, Serdes.Int64).ReadValue().Should().Be(5, "both processors see the same store");
    }

    [Fact]
    public void Naming_a_store_that_does_not_exist_fails_the_build()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").ProcessValues(() => new Splitter(), null, "missing");

        FluentActions.Invoking(builder.Build).Should().Throw<TopologyException>().WithMessage("*state store 'missing' does not exist*");
    }

    [Fact]
    public void A_processor_cannot_read_a_store_it_did_not_name()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("private"), Serdes.String, Serdes.Int64));
        builder.Stream<string, string>("a").Process(() => new Totaller("private"), "private");
        builder.Stream<string, string>("b").ProcessValues(() => new Deduplicator("private"));

        var act = () => new TopologyTestDriver(builder.Build());

        act.Should().Throw<InvalidOperationException>().WithMessage("*no access to state store 'private'*");
    }

    [Fact]
    public void Two_stores_with_one_name_fail_the_build()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("dup"), Serdes.String, Serdes.Int64));
        builder.AddStateStore(Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("dup"), Serdes.String, Serdes.String));

        FluentActions.Invoking(builder.Build).Should().Throw<TopologyException>().WithMessage("*'dup' is already added*");
    }

    [Fact]
    public void Store_builders_default_to_logging_on_and_caching_off_and_copy_on_change()
    {
        var builder = Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore("s"), Serdes.String, Serdes.Int64);
        var changed = builder.WithLoggingDisabled().WithCachingEnabled();

        (builder.Name, builder.LoggingEnabled, builder.CachingEnabled).Should().Be(("s", true, false));
        (changed.Name, changed.LoggingEnabled, changed.CachingEnabled).Should().Be(("s", false, true));
        changed.WithLoggingEnabled().WithCachingDisabled().Should().Match<StoreBuilder<IKeyValueStore<string?, long>>>(b => b.LoggingEnabled && !b.CachingEnabled);
    }

    /// <summary>Forwards one record per comma-separated part, the n-th one stamped timestamp + n.</summary>
    private sealed class Splitter : IFixedKeyProcessor<string, string, string>
    {
        private IFixedKeyProcessorContext<string, string> _context = null!;

        public void Init(IFixedKeyProcessorContext<string, string> context) => _context = context;

        public void Process(FixedKeyRecord<string, string> record)
        {
            var parts = record.Value.Length == 0 ? [] : record.Value.Split(',');
            for (var i = 0; i < parts.Length; i++)
            {
                _context.Forward(record.WithValue(parts[i]).WithTimestampMs(record.TimestampMs + i));
            }
        }
    }

    private sealed class Forwarder : IProcessor<string, string, string, string>
    {
        private IProcessorContext<string, string> _context = null!;

        public void Init(IProcessorContext<string, string> context) => _context = context;

        public void Process(Record<string, string> record) => _context.Forward(record);
    }

    private sealed class Restamper : IFixedKeyProcessor<string, string, string>
    {
        private IFixedKeyProcessorContext<string, string> _context = null!;

        public void Init(IFixedKeyProcessorContext<string, string> context) => _context = context;

        public void Process(FixedKeyRecord<string, string> record)
        {
            var headers = new Headers { { "seen", "yes"u8.ToArray() } };
            _context.Forward(record.WithValue(record.Value + "!").WithTimestampMs(record.TimestampMs * 100).WithHeaders(headers), "out-sink");
        }
    }

    /// <summary>Counts records per key in the store and forwards only the first record of each key.</summary>
    private sealed class Deduplicator(string storeName) : IFixedKeyProcessor<string, string, string>
    {
        private IFixedKeyProcessorContext<string, string> _context = null!;
        private IKeyValueStore<string?, long> _store = null!;

        public void Init(IFixedKeyProcessorContext<string, string> context)
        {
            _context = context;
            _store = context.GetStateStore<IKeyValueStore<string?, long>>(storeName);
        }

        public void Process(FixedKeyRecord<string, string> record)
        {
            var count = _store.Get(record.Key);
            _store.Put(record.Key, count + 1);
            if (count == 0)
            {
                _context.Forward(record);
            }
        }
    }

    /// <summary>Adds each value's length to the key's total in the store and forwards the total.</summary>
    private sealed class Totaller(string storeName) : IProcessor<string, string, string, long>
    {
        private IProcessorContext<string, long> _context = null!;
        private IKeyValueStore<string?, long> _store = null!;

        public void Init(IProcessorContext<string, long> context)
        {
            _context = context;
            _store = context.GetStateStore<IKeyValueStore<string?, long>>(storeName);
        }

        public void Process(Record<string, string> record)
        {
            var total = _store.Get(record.Key) + record.Value.Length;
            _store.Put(record.Key, total);
            _context.Forward(record.WithValue(total));
        }
    }
}
