using System.Text;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.Errors;
using Streams.Processor;
using Streams.Serialization;
using Streams.State;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests;

public class TopologyTestDriverTests
{
    [Fact]
    public void Pipe_processes_the_record_before_returning_and_keeps_key_value_timestamp_and_headers()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").MapValues(v => v.ToUpperInvariant()).To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        var headers = new Headers { { "trace", Encoding.UTF8.GetBytes("abc") } };

        input.PipeInput("k", "hello", 1234, headers);

        var record = output.ReadRecord();
        record.Key.Should().Be("k");
        record.Value.Should().Be("HELLO");
        record.TimestampMs.Should().Be(1234);
        record.Headers.Should().ContainSingle();
        record.Headers.GetLastBytes("trace").Should().Equal(Encoding.UTF8.GetBytes("abc"));
        output.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void A_record_written_without_headers_reads_back_with_an_empty_collection_of_its_own()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        input.PipeInput("a", "1", 10);
        input.PipeInput("b", "2", 20);

        var first = output.ReadRecord();
        first.Headers.Should().BeEmpty();
        first.Headers.Add("mine", [1]);

        output.ReadRecord().Headers.Should().BeEmpty("each record read gets its own collection");
    }

    [Fact]
    public void Records_come_out_in_the_order_they_were_processed_across_several_inputs()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").FlatMapValues((_, v) => v.Split(',')).To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "1,2", 10);
        input.PipeInput("b", "3", 5);
        input.PipeInput("a", "4,5", 20);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadPairs().Should().Equal(
            ("a", "1"), ("a", "2"), ("b", "3"), ("a", "4"), ("a", "5"));
    }

    [Fact]
    public void Unknown_input_topic_is_rejected_naming_the_topic_and_the_source_topics()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("orders").To("out");
        builder.GlobalTable<string, string>("customers");
        using var driver = new TopologyTestDriver(builder.Build());

        var act = () => driver.CreateInputTopic("ordres", Serdes.String, Serdes.String);

        act.Should().Throw<ArgumentException>()
            .Which.Message.Should().Contain("'ordres'").And.Contain("[customers, orders]");
    }

    [Fact]
    public void Sink_topics_that_nothing_reads_are_not_input_topics()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").To("out");
        using var driver = new TopologyTestDriver(builder.Build());

        var act = () => driver.CreateInputTopic("out", Serdes.String, Serdes.String);

        act.Should().Throw<ArgumentException>().WithMessage("*'out'*");
    }

    [Fact]
    public void Input_offsets_start_at_zero_and_increase_per_topic()
    {
        var seen = new List<RecordMetadata?>();
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("a", Consumed<string, string>.As("source-a"));
        builder.Stream<string, string>("b", Consumed<string, string>.As("source-b"));
        var topology = builder.Build();
        ProcessorApi.AddProcessor(topology, "record-a", "source-a", () => new MetadataRecorder(seen));
        ProcessorApi.AddProcessor(topology, "record-b", "source-b", () => new MetadataRecorder(seen));
        using var driver = new TopologyTestDriver(topology);
        var a = driver.CreateInputTopic("a", Serdes.String, Serdes.String);
        var b = driver.CreateInputTopic("b", Serdes.String, Serdes.String);

        a.PipeInput("k", "v", 1);
        a.PipeInput("k", "v", 2);
        b.PipeInput("k", "v", 3);
        a.PipeInput("k", "v", 4);

        seen.Should().Equal(
            new RecordMetadata("a", 0, 0), new RecordMetadata("a", 0, 1), new RecordMetadata("b", 0, 0), new RecordMetadata("a", 0, 2));
    }

    [Fact]
    public void Records_written_to_a_topic_another_subtopology_reads_are_processed_within_the_same_pipe_call()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").MapValues(v => v + "-first").To("middle");
        builder.Stream<string, string>("middle").MapValues(v => v + "-second").To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v", 7);

        output.ReadRecord().Should().Be(new TestRecord<string?, string?>("k", "v-first-second", 7));
        driver.CreateOutputTopic("middle", Serdes.String, Serdes.String).ReadValue().Should().Be("v-first", "the intermediate topic is captured too");
    }

    [Fact]
    public void GroupBy_round_trips_through_the_repartition_topic_before_the_pipe_call_returns()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("words")
            .GroupBy((_, word) => word, Grouped<string, string>.As("by-word"))
            .Count(Materialized<string, long>.As("word-counts"))
            .ToStream()
            .To("counts");
        using var driver = new TopologyTestDriver(builder.Build());
        var words = driver.CreateInputTopic("words", Serdes.String, Serdes.String);

        words.PipeInput("line-1", "kafka", 1);
        words.PipeInput("line-2", "kafka", 2);

        var repartition = driver.CreateOutputTopic("test-driver-by-word-repartition", Serdes.String, Serdes.String);
        repartition.ReadPairs().Should().Equal(("kafka", "kafka"), ("kafka", "kafka"));
        driver.CreateOutputTopic("counts", Serdes.String, Serdes.Int64).ReadPairs().Should().Equal(("kafka", 1L), ("kafka", 2L));
        driver.GetKeyValueStore<string, long>("word-counts")!.Get("kafka").Should().Be(2);
    }

    [Fact]
    public void Global_table_is_looked_up_by_stream_records_and_follows_its_topic()
    {
        var builder = new StreamsBuilder();
        var customers = builder.GlobalTable("customers", materialized: Materialized<string, string>.As("customers-store"));
        builder.Stream<string, string>("orders")
            .LeftJoin(customers, (_, customerId) => customerId, (customerId, name) => $"{customerId}={name ?? "?"}")
            .To("enriched");
        using var driver = new TopologyTestDriver(builder.Build());
        var customerTopic = driver.CreateInputTopic("customers", Serdes.String, Serdes.String);
        var orders = driver.CreateInputTopic("orders", Serdes.String, Serdes.String);
        var enriched = driver.CreateOutputTopic("enriched", Serdes.String, Serdes.String);

        customerTopic.PipeInput("c1", "Ada", 1);
        orders.PipeInput("o1", "c1", 2);
        customerTopic.PipeInput("c1", "Grace", 3);
        orders.PipeInput("o2", "c1", 4);

        enriched.ReadValuesToList().Should().Equal("c1=Ada", "c1=Grace");
        driver.GetStateStore("customers-store").Should().NotBeNull("global stores are reachable too");
        driver.GetKeyValueStore<string, string>("customers-store")!.Get("c1").Should().Be("Grace");
    }

    [Fact]
    public void A_sink_writing_a_global_tables_topic_updates_the_global_store()
    {
        var builder = new StreamsBuilder();
        builder.GlobalTable("lookup", materialized: Materialized<string, string>.As("lookup-store"));
        builder.Stream<string, string>("updates").To("lookup");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("updates", Serdes.String, Serdes.String).PipeInput("k", "v", 5);

        driver.GetTimestampedKeyValueStore<string, string>("lookup-store")!.Get("k").Should().Be(new ValueAndTimestamp<string>("v", 5));
    }

    [Fact]
    public void AdvanceWallClockTime_fires_due_wall_clock_punctuations_once_per_call_and_captures_their_output()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in", Consumed<string, string>.As("source"));
        var topology = builder.Build();
        var fired = new List<long>();
        ProcessorApi.AddProcessor(topology, "ticker", "source", () => new WallClockTicker(TimeSpan.FromSeconds(10), fired));
        ProcessorApi.AddSink(topology, "ticks-sink", "ticks", "ticker", Serdes.String, Serdes.Int64);
        using var driver = new TopologyTestDriver(topology);
        var ticks = driver.CreateOutputTopic("ticks", Serdes.String, Serdes.Int64);

        driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(9_999));
        fired.Should().BeEmpty("the first wall-clock punctuation is due one interval after the processor was initialized");

        driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(1));
        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(35));
        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(5));

        fired.Should().Equal(10_000, 45_000, 50_000);
        ticks.ReadRecordsToList().Select(r => (r.Value, r.TimestampMs)).Should().Equal((10_000L, 10_000L), (45_000L, 45_000L), (50_000L, 50_000L));
        driver.WallClockTime.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(50_000));
    }

    [Fact]
    public void Stream_time_punctuations_fire_as_piped_records_advance_stream_time()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in", Consumed<string, string>.As("source"));
        var topology = builder.Build();
        var fired = new List<long>();
        ProcessorApi.AddProcessor(topology, "stream-ticker", "source", () => new StreamTimeTicker(TimeSpan.FromSeconds(10), fired));
        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("k", "v", 5_000);
        input.PipeInput("k", "v", 9_000);
        input.PipeInput("k", "v", 25_000);
        input.PipeInput("k", "v", 1_000);
        driver.AdvanceWallClockTime(TimeSpan.FromHours(1));

        fired.Should().Equal(5_000, 25_000);
    }

    [Fact]
    public void Piping_records_does_not_move_the_wall_clock()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in", Consumed<string, string>.As("source"));
        var topology = builder.Build();
        var fired = new List<long>();
        ProcessorApi.AddProcessor(topology, "ticker", "source", () => new WallClockTicker(TimeSpan.FromSeconds(1), fired));
        ProcessorApi.AddSink(topology, "ticks-sink", "ticks", "ticker", Serdes.String, Serdes.Int64);
        var start = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
        using var driver = new TopologyTestDriver(topology, new TopologyTestDriverOptions { InitialWallClockTime = start });

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v", 999_999_999_999);

        fired.Should().BeEmpty();
        driver.CreateOutputTopic("ticks", Serdes.String, Serdes.Int64).ReadValue()
            .Should().Be(start.ToUnixTimeMilliseconds(), "processors read the driver's wall clock");
    }

    [Fact]
    public void AdvanceWallClockTime_rejects_a_negative_advance()
    {
        using var driver = new TopologyTestDriver(PassThrough());

        var act = () => driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(-1));

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_failing_punctuator_surfaces_as_a_StreamsException_naming_the_task()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in", Consumed<string, string>.As("source"));
        var topology = builder.Build();
        ProcessorApi.AddProcessor(topology, "ticker", "source", () => new WallClockTicker(TimeSpan.FromSeconds(1), null));
        ProcessorApi.AddSink(topology, "ticks-sink", "ticks", "ticker", Serdes.String, Serdes.Int64);
        using var driver = new TopologyTestDriver(topology);

        var act = () => driver.AdvanceWallClockTime(TimeSpan.FromSeconds(1));

        act.Should().Throw<StreamsException>().WithMessage("*task 0_0*").WithInnerException<InvalidOperationException>();
    }

    [Fact]
    public void Deserialization_failure_propagates_as_StreamsException_naming_the_record()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, long>("in").To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var good = driver.CreateInputTopic("in", Serdes.String, Serdes.Int64);
        var bad = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        good.PipeInput("k", 1L, 1);

        var act = () => bad.PipeInput("k", "not eight bytes", 2);

        act.Should().Throw<StreamsException>().WithMessage("*in-0@1*");
        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadValuesToList().Should().Equal(1L);
    }

    [Fact]
    public void LogAndContinue_handler_skips_undeserializable_records()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, long>("in").To("out");
        var options = new TopologyTestDriverOptions { DeserializationExceptionHandler = LogAndContinueExceptionHandler.Instance };
        using var driver = new TopologyTestDriver(builder.Build(), options);

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "bad", 1);
        driver.CreateInputTopic("in", Serdes.String, Serdes.Int64).PipeInput("k", 42L, 2);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadValuesToList().Should().Equal(42L);
    }

    [Fact]
    public void Processing_failure_propagates_as_StreamsException_naming_processor_and_record()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .MapValues<string>(v => v == "boom" ? throw new FormatException("cannot map boom") : v, Named.As("mapper"))
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        input.PipeInput("k", "fine", 1);

        var act = () => input.PipeInput("k", "boom", 2);

        act.Should().Throw<StreamsException>()
            .WithMessage("*'mapper'*in-0@1*cannot map boom*")
            .WithInnerException<FormatException>();
    }

    [Fact]
    public void ProducedTopicNames_lists_sinks_repartition_and_changelog_topics()
    {
        var builder = new StreamsBuilder();
        var stream = builder.Stream<string, string>("in");
        stream.To("copy");
        stream.GroupBy((_, v) => v, Grouped<string, string>.As("regroup")).Count(Materialized<string, long>.As("counts"));
        stream.Filter((_, _) => false).To("never");
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ApplicationId = "app" });

        driver.ProducedTopicNames.Should().BeEmpty();
        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v", 1);

        driver.ProducedTopicNames.Should().BeEquivalentTo("copy", "app-regroup-repartition", "app-counts-changelog");
    }

    [Fact]
    public void Output_topics_of_the_same_name_share_one_queue()
    {
        using var driver = new TopologyTestDriver(PassThrough());
        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeKeyValueList([new("a", "1"), new("b", "2")]);
        var first = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        var second = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);

        first.ReadValue().Should().Be("1");

        second.QueueSize.Should().Be(1);
        second.ReadValue().Should().Be("2");
        first.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void GetKeyValueStore_drops_timestamps_and_GetTimestampedKeyValueStore_keeps_them()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Count(Materialized<string, long>.As("counts"));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "x", 50);
        input.PipeInput("a", "y", 30);

        driver.GetKeyValueStore<string, long>("counts")!.Get("a").Should().Be(2);
        driver.GetTimestampedKeyValueStore<string, long>("counts")!.Get("a").Should().Be(new ValueAndTimestamp<long>(2, 50));
        using var all = driver.GetKeyValueStore<string, long>("counts")!.All();
        all.MoveNext().Should().BeTrue();
        all.Current.Should().Be(new KeyValuePair<string, long>("a", 2));
        all.MoveNext().Should().BeFalse();
    }

    [Fact]
    public void Writes_through_the_plain_store_view_are_logged_to_the_changelog_at_the_next_commit()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Count(Materialized<string, long>.As("counts"));
        using var driver = new TopologyTestDriver(builder.Build());
        var store = driver.GetKeyValueStore<string, long>("counts")!;
        var changelog = driver.CreateOutputTopic("test-driver-counts-changelog", Serdes.String, Serdes.ByteArray);

        store.Put("seeded", 7);

        driver.GetTimestampedKeyValueStore<string, long>("counts")!.Get("seeded").Should().Be(new ValueAndTimestamp<long>(7, -1));
        changelog.IsEmpty.Should().BeTrue("the record cache holds the write until the next commit, as in Kafka Streams");
        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("other", "x", 1);
        changelog.ReadKeyValuesToList().Select(kv => kv.Key).Should().Equal(["seeded", "other"], "the cache flushes least recently used first");
    }

    [Fact]
    public void Without_a_cache_writes_through_the_plain_store_view_are_logged_at_once()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Count(Materialized<string, long>.As("counts"));
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { StateStoreCacheMaxBytes = 0 });

        driver.GetKeyValueStore<string, long>("counts")!.Put("seeded", 7);

        driver.CreateOutputTopic("test-driver-counts-changelog", Serdes.String, Serdes.ByteArray).ReadKeyValue().Key.Should().Be("seeded");
    }

    [Fact]
    public void Store_getters_return_null_for_unknown_names_and_throw_for_the_wrong_kind()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(1)))
            .Count(Materialized<string, long>.As("windowed"));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.GetStateStore("nope").Should().BeNull();
        driver.GetKeyValueStore<string, long>("nope").Should().BeNull();
        driver.GetWindowStore<string, long>("windowed").Should().NotBeNull();
        var wrongKind = () => driver.GetKeyValueStore<string, long>("windowed");
        wrongKind.Should().Throw<InvalidOperationException>().WithMessage("*'windowed'*ITimestampedWindowStore<String, Int64>*");
        var wrongTypes = () => driver.GetWindowStore<string, string>("windowed");
        wrongTypes.Should().Throw<InvalidOperationException>();
        driver.GetAllStateStores().Keys.Should().BeEquivalentTo("windowed");
    }

    [Fact]
    public void Application_id_prefixes_internal_topics()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Count(Materialized<string, long>.As("counts"));
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ApplicationId = "billing" });

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v", 1);

        driver.ProducedTopicNames.Should().BeEquivalentTo("billing-counts-changelog");
        driver.ApplicationId.Should().Be("billing");
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    public void Invalid_application_id_is_rejected(string applicationId)
    {
        var act = () => new TopologyTestDriver(PassThrough(), new TopologyTestDriverOptions { ApplicationId = applicationId });

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Initial_wall_clock_before_the_epoch_is_rejected()
    {
        var act = () => new TopologyTestDriver(PassThrough(), new TopologyTestDriverOptions { InitialWallClockTime = DateTimeOffset.UnixEpoch.AddTicks(-1) });

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void The_configured_store_suppliers_build_the_dsl_stores()
    {
        var suppliers = new RecordingSuppliers();
        var builder = new StreamsBuilder();
        var stream = builder.Stream<string, string>("in");
        stream.GroupByKey().Count(Materialized<string, long>.As("kv"));
        stream.GroupByKey().WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(1))).Count(Materialized<string, long>.As("win"));

        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { DslStoreSuppliers = suppliers });

        suppliers.Requested.Should().BeEquivalentTo("kv", "win");
    }

    [Fact]
    public void A_given_state_directory_gets_task_directories_and_is_kept_on_dispose()
    {
        var directory = Path.Combine(Path.GetTempPath(), "driver-tests-" + Guid.NewGuid().ToString("N"));
        try
        {
            var builder = new StreamsBuilder();
            builder.Stream<string, string>("in").GroupByKey().Count();
            builder.GlobalTable<string, string>("table");

            new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { StateDirectory = directory, ApplicationId = "app" }).Dispose();

            Directory.Exists(Path.Combine(directory, "app", "0_0")).Should().BeTrue();
            Directory.Exists(Path.Combine(directory, "app", "global")).Should().BeTrue();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Without_a_state_directory_a_fresh_temp_directory_is_used_and_deleted_on_dispose()
    {
        var suppliers = new DirectoryCapturingSuppliers();
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Count(Materialized<string, long>.As("counts"));
        var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { DslStoreSuppliers = suppliers, ApplicationId = "app" });
        var taskDirectory = suppliers.Directories.Single();
        using var second = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { DslStoreSuppliers = suppliers, ApplicationId = "app" });

        taskDirectory.Should().EndWith(Path.Combine("app", "0_0"));
        Directory.Exists(taskDirectory).Should().BeTrue();
        suppliers.Directories[1].Should().NotBe(taskDirectory, "every driver gets its own directory");
        driver.Dispose();

        Directory.Exists(Path.GetDirectoryName(Path.GetDirectoryName(taskDirectory))).Should().BeFalse();
    }

    [Fact]
    public void Dispose_closes_the_stores_and_later_calls_throw()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Count(Materialized<string, long>.As("counts"));
        var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var store = driver.GetStateStore("counts")!;

        driver.Dispose();
        driver.Dispose();

        store.IsOpen.Should().BeFalse();
        var pipe = () => input.PipeInput("k", "v", 1);
        pipe.Should().Throw<ObjectDisposedException>();
        var get = () => driver.GetStateStore("counts");
        get.Should().Throw<ObjectDisposedException>();
    }

    private static Topology PassThrough()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").To("out");
        return builder.Build();
    }

    private sealed class MetadataRecorder(List<RecordMetadata?> seen) : IProcessor<string, string, string, string>
    {
        private IProcessorContext<string, string> _context = null!;

        public void Init(IProcessorContext<string, string> context) => _context = context;

        public void Process(Record<string, string> record) => seen.Add(_context.RecordMetadata);
    }

    /// <summary>Forwards ("tick", now) on each wall-clock punctuation, and (key, wall-clock now) per record. Throws when <c>fired</c> is null.</summary>
    private sealed class WallClockTicker(TimeSpan interval, List<long>? fired) : IProcessor<string?, string?, string?, long>
    {
        private IProcessorContext<string?, long> _context = null!;

        public void Init(IProcessorContext<string?, long> context)
        {
            _context = context;
            context.Schedule(interval, PunctuationType.WallClockTime, now =>
            {
                if (fired is null)
                {
                    throw new InvalidOperationException("punctuator failed");
                }

                fired.Add(now);
                context.Forward(new Record<string?, long>("tick", now, now));
            });
        }

        public void Process(Record<string?, string?> record) =>
            _context.Forward(new Record<string?, long>(record.Key, _context.CurrentSystemTimeMs, record.TimestampMs));
    }

    private sealed class StreamTimeTicker(TimeSpan interval, List<long> fired) : IProcessor<string, string, string, string>
    {
        public void Init(IProcessorContext<string, string> context) => context.Schedule(interval, PunctuationType.StreamTime, fired.Add);

        public void Process(Record<string, string> record)
        {
        }
    }

    /// <summary>Builds in-memory stores that remember the task directory they were opened with.</summary>
    private sealed class DirectoryCapturingSuppliers : IDslStoreSuppliers
    {
        public List<string> Directories { get; } = [];

        public IKeyValueBytesStoreSupplier KeyValueStore(string name) => new Supplier(name, Directories);

        public IWindowBytesStoreSupplier WindowStore(string name, long retentionPeriodMs, long windowSizeMs) =>
            InMemoryDslStoreSuppliers.Instance.WindowStore(name, retentionPeriodMs, windowSizeMs);

        public ISessionBytesStoreSupplier SessionStore(string name, long retentionPeriodMs) =>
            InMemoryDslStoreSuppliers.Instance.SessionStore(name, retentionPeriodMs);

        private sealed class Supplier(string name, List<string> directories) : IKeyValueBytesStoreSupplier
        {
            public string Name => name;

            public IKeyValueBytesStore Get() => new Store(Stores.InMemoryKeyValueStore(name).Get(), directories);
        }

        private sealed class Store(IKeyValueBytesStore inner, List<string> directories) : IKeyValueBytesStore
        {
            public string Name => inner.Name;

            public bool Persistent => inner.Persistent;

            public bool IsOpen => inner.IsOpen;

            public long ApproximateNumEntries => inner.ApproximateNumEntries;

            public void Init(IStateStoreContext context, IStateStore root)
            {
                directories.Add(context.StateDirectory);
                inner.Init(context, root);
            }

            public byte[]? Get(ReadOnlySpan<byte> key) => inner.Get(key);

            public void Put(ReadOnlySpan<byte> key, byte[]? value) => inner.Put(key, value);

            public void PutAll(IReadOnlyList<KeyValuePair<byte[], byte[]?>> entries) => inner.PutAll(entries);

            public void Delete(ReadOnlySpan<byte> key) => inner.Delete(key);

            public IKeyValueIterator<byte[], byte[]> Range(byte[]? from, byte[]? to) => inner.Range(from, to);

            public IKeyValueIterator<byte[], byte[]> PrefixScan(byte[] prefix) => inner.PrefixScan(prefix);

            public void Flush() => inner.Flush();

            public void Close() => inner.Close();
        }
    }

    private sealed class RecordingSuppliers : IDslStoreSuppliers
    {
        public List<string> Requested { get; } = [];

        public IKeyValueBytesStoreSupplier KeyValueStore(string name)
        {
            Requested.Add(name);
            return InMemoryDslStoreSuppliers.Instance.KeyValueStore(name);
        }

        public IWindowBytesStoreSupplier WindowStore(string name, long retentionPeriodMs, long windowSizeMs)
        {
            Requested.Add(name);
            return InMemoryDslStoreSuppliers.Instance.WindowStore(name, retentionPeriodMs, windowSizeMs);
        }

        public ISessionBytesStoreSupplier SessionStore(string name, long retentionPeriodMs)
        {
            Requested.Add(name);
            return InMemoryDslStoreSuppliers.Instance.SessionStore(name, retentionPeriodMs);
        }
    }
}
