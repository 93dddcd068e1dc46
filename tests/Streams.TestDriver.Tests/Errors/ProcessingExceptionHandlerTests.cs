using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Dsl;
using Streams.Errors;
using Streams.Processor;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Errors;

/// <summary>
/// Pins the processing exception handler as Kafka Streams 4.x (KIP-1033, KIP-1034) through the real task code: it is
/// consulted at the processor that threw, with the record that processor received; Continue drops the record there only
/// (counted as "processing error"), Fail stops with an exception naming processor and record; punctuators are covered too;
/// with a dead-letter topic the continuing built-in writes the input record's raw bytes with the error headers.
/// </summary>
public class ProcessingExceptionHandlerTests
{
    private const string Dlq = "dead-letters";

    [Fact]
    public void Log_and_continue_drops_only_the_failing_record_and_counts_it()
    {
        using var drops = new DroppedRecordsMeter();
        using var driver = Driver(Mapper(), new TopologyTestDriverOptions { ProcessingExceptionHandler = LogAndContinueProcessingExceptionHandler.Instance });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("a", "1", 10);
        input.PipeInput("b", "boom", 11);
        input.PipeInput("c", "3", 12);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadKeyValuesToList()
            .Should().Equal(new KeyValuePair<string?, string?>("a", "1!"), new KeyValuePair<string?, string?>("c", "3!"));
        drops.Reasons.Should().Equal("processing error");
        driver.ProducedTopicNames.Should().NotContain(Dlq, "no dead-letter topic is configured");
    }

    [Fact]
    public void Continue_drops_the_record_at_the_failing_processor_while_a_sibling_branch_still_receives_it()
    {
        var builder = new StreamsBuilder();
        var stream = builder.Stream<string, string>("in");
        stream.MapValues(v => v == "boom" ? throw new FormatException("bad") : v).To("out");
        stream.To("copy");
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ProcessingExceptionHandler = LogAndContinueProcessingExceptionHandler.Instance });

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "boom", 1);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).IsEmpty.Should().BeTrue();
        driver.CreateOutputTopic("copy", Serdes.String, Serdes.String).ReadValuesToList().Should().Equal("boom");
    }

    [Fact]
    public void Log_and_fail_is_the_default_and_throws_naming_the_processor_and_record()
    {
        using var driver = Driver(Mapper(), new TopologyTestDriverOptions { DeadLetterQueueTopicName = Dlq });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        input.PipeInput("a", "1", 10);

        var act = () => input.PipeInput("b", "boom", 11);

        act.Should().Throw<StreamsException>().WithMessage("*'mapper'*in-0@1*boom is not a number*no offset at or after this record is committed*")
            .WithInnerException<FormatException>();
        driver.ProducedTopicNames.Should().NotContain(Dlq, "the failing built-in writes no dead letter: the record is processed again after a restart");
    }

    [Fact]
    public void Continue_with_a_dead_letter_topic_writes_the_raw_input_record_with_the_error_headers()
    {
        using var driver = Driver(Mapper(), new TopologyTestDriverOptions
        {
            ProcessingExceptionHandler = LogAndContinueProcessingExceptionHandler.Instance,
            DeadLetterQueueTopicName = Dlq,
        });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        input.PipeInput("a", "1", 10);
        input.PipeInput("b", "boom", 11, new Headers { { "trace", [7] } });

        var dead = driver.CreateOutputTopic(Dlq, Serdes.ByteArray, Serdes.ByteArray).ReadRecordsToList();

        dead.Should().ContainSingle();
        var record = dead[0];
        record.Key.Should().Equal(Encoding.UTF8.GetBytes("b"));
        record.Value.Should().Equal(Encoding.UTF8.GetBytes("boom"));
        record.TimestampMs.Should().Be(11);
        record.Headers.GetLastBytes("trace").Should().Equal(7);
        Header(record, DeadLetterQueue.ExceptionHeader).Should().Be("System.FormatException");
        Header(record, DeadLetterQueue.MessageHeader).Should().Be("boom is not a number");
        Header(record, DeadLetterQueue.StackTraceHeader).Should().Contain("FormatException").And.Contain("boom is not a number");
        Header(record, DeadLetterQueue.TopicHeader).Should().Be("in");
        Header(record, DeadLetterQueue.PartitionHeader).Should().Be("0");
        Header(record, DeadLetterQueue.OffsetHeader).Should().Be("1");
    }

    [Fact]
    public void The_handler_sees_the_failing_processor_the_record_it_received_and_the_raw_source_record()
    {
        var handler = new RecordingHandler(ProcessingExceptionResponse.Continue());
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .MapValues(v => v + "-mapped", Named.As("first"))
            .Filter((_, v) => v!.StartsWith('x') ? throw new InvalidOperationException("no x") : true, Named.As("second"))
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ProcessingExceptionHandler = handler });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        input.PipeInput("k0", "a", 5);

        input.PipeInput("k1", "xy", 7);

        var (context, key, value, exception) = handler.Calls.Should().ContainSingle().Subject;
        context.ProcessorNodeId.Should().Be("second");
        context.TaskId.Should().Be(new TaskId(0, 0));
        (context.Topic, context.Partition, context.Offset, context.TimestampMs).Should().Be(("in", 0, 1L, 7L));
        context.SourceRawKey.Should().Equal(Encoding.UTF8.GetBytes("k1"));
        context.SourceRawValue.Should().Equal(Encoding.UTF8.GetBytes("xy"));
        context.DeadLetterQueueTopicName.Should().BeNull();
        key.Should().Be("k1");
        value.Should().Be("xy-mapped", "the handler gets the record as the failing processor received it");
        exception.Should().BeOfType<InvalidOperationException>();
    }

    [Fact]
    public void A_handler_can_fail_and_still_write_its_own_dead_letter_records()
    {
        var own = new DeadLetterQueueRecord("audit", [1], [2], null, 99);
        using var driver = Driver(Mapper(), new TopologyTestDriverOptions { ProcessingExceptionHandler = new RecordingHandler(ProcessingExceptionResponse.Fail([own])) });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        var act = () => input.PipeInput("b", "boom", 11);

        act.Should().Throw<StreamsException>().WithMessage("*'mapper'*in-0@0*");
        var written = driver.CreateOutputTopic("audit", Serdes.ByteArray, Serdes.ByteArray).ReadRecord();
        (written.Key, written.Value, written.TimestampMs).Should().BeEquivalentTo((new byte[] { 1 }, new byte[] { 2 }, 99L));
    }

    [Fact]
    public void A_handler_that_throws_fails_processing_naming_both_failures()
    {
        using var driver = Driver(Mapper(), new TopologyTestDriverOptions { ProcessingExceptionHandler = new ThrowingHandler() });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        var act = () => input.PipeInput("b", "boom", 11);

        act.Should().Throw<StreamsException>().WithMessage("*in-0@0*boom is not a number*handler itself threw: handler broke*").WithInnerException<FormatException>();
    }

    [Fact]
    public void A_failing_wall_clock_punctuator_with_log_and_continue_is_skipped_and_fires_again_next_interval()
    {
        using var drops = new DroppedRecordsMeter();
        var fired = new List<long>();
        using var driver = Punctuating(PunctuationType.WallClockTime, fired, new TopologyTestDriverOptions
        {
            ProcessingExceptionHandler = LogAndContinueProcessingExceptionHandler.Instance,
            DeadLetterQueueTopicName = Dlq,
        });

        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(1));
        driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(999));
        driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(1));

        fired.Should().Equal(1_000, 2_000);
        drops.Reasons.Should().Equal("processing error", "processing error");
        var dead = driver.CreateOutputTopic(Dlq, Serdes.ByteArray, Serdes.ByteArray).ReadRecordsToList();
        dead.Should().HaveCount(2);
        dead[0].Key.Should().BeNull("a punctuation has no source record");
        dead[0].Value.Should().BeNull();
        dead[0].Headers.TryGetLastBytes(DeadLetterQueue.TopicHeader, out _).Should().BeFalse();
        Header(dead[0], DeadLetterQueue.PartitionHeader).Should().Be("-1");
        Header(dead[0], DeadLetterQueue.OffsetHeader).Should().Be("-1");
        Header(dead[0], DeadLetterQueue.MessageHeader).Should().Be("tick 1000 failed");
    }

    [Fact]
    public void A_failing_wall_clock_punctuator_with_log_and_fail_throws_naming_the_task_and_processor()
    {
        using var driver = Punctuating(PunctuationType.WallClockTime, [], new TopologyTestDriverOptions());

        var act = () => driver.AdvanceWallClockTime(TimeSpan.FromSeconds(1));

        act.Should().Throw<StreamsException>().WithMessage("*punctuating*task 0_0*'ticker'*tick 1000 failed*").WithInnerException<InvalidOperationException>();
    }

    [Fact]
    public void A_failing_stream_time_punctuator_with_log_and_continue_keeps_its_schedule_and_the_record_is_processed()
    {
        var fired = new List<long>();
        using var driver = Punctuating(PunctuationType.StreamTime, fired, new TopologyTestDriverOptions { ProcessingExceptionHandler = LogAndContinueProcessingExceptionHandler.Instance });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("k", "a", 0);
        input.PipeInput("k", "b", 999);
        input.PipeInput("k", "c", 1_000);

        fired.Should().Equal(0, 1_000);
        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadValuesToList().Should().Equal("a", "b", "c");
    }

    private static Func<IKStream<string?, string?>, IKStream<string?, string?>> Mapper() =>
        s => s.MapValues<string?>(v => int.TryParse(v, out _) ? v + "!" : throw new FormatException($"{v} is not a number"), Named.As("mapper"));

    private static TopologyTestDriver Driver(Func<IKStream<string?, string?>, IKStream<string?, string?>> body, TopologyTestDriverOptions options)
    {
        var builder = new StreamsBuilder();
        body(builder.Stream<string?, string?>("in")).To("out");
        return new TopologyTestDriver(builder.Build(), options);
    }

    private static TopologyTestDriver Punctuating(PunctuationType type, List<long> fired, TopologyTestDriverOptions options)
    {
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in").Process(() => new FailingTicker(type, fired), Named.As("ticker")).To("out");
        return new TopologyTestDriver(builder.Build(), options);
    }

    private static string Header<TKey, TValue>(TestRecord<TKey, TValue> record, string name) => Encoding.UTF8.GetString(record.Headers.GetLastBytes(name));

    /// <summary>Forwards every record; its punctuator records the time and then throws.</summary>
    private sealed class FailingTicker(PunctuationType type, List<long> fired) : IProcessor<string?, string?, string?, string?>
    {
        private IProcessorContext<string?, string?>? _context;

        public void Init(IProcessorContext<string?, string?> context)
        {
            _context = context;
            context.Schedule(TimeSpan.FromSeconds(1), type, now =>
            {
                fired.Add(now);
                throw new InvalidOperationException($"tick {now} failed");
            });
        }

        public void Process(Record<string?, string?> record) => _context!.Forward(record);
    }

    private sealed class RecordingHandler(ProcessingExceptionResponse response) : IProcessingExceptionHandler
    {
        public List<(ErrorHandlerContext Context, object? Key, object? Value, Exception Exception)> Calls { get; } = [];

        public ProcessingExceptionResponse Handle(ErrorHandlerContext context, object? key, object? value, Exception exception, ILogger logger)
        {
            Calls.Add((context, key, value, exception));
            return response;
        }
    }

    private sealed class ThrowingHandler : IProcessingExceptionHandler
    {
        public ProcessingExceptionResponse Handle(ErrorHandlerContext context, object? key, object? value, Exception exception, ILogger logger) =>
            throw new InvalidOperationException("handler broke");
    }
}
