using System.Text;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.Errors;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Errors;

/// <summary>
/// Pins the deserialization and production (serialization) handlers with the dead-letter topic of KIP-1034 through the
/// test driver: the continuing built-ins skip the record (counted with its reason) and write the input record's bytes as
/// consumed with the <c>__streams.errors.*</c> headers; the failing defaults throw naming the record and write nothing.
/// </summary>
public class DeadLetterQueueTests
{
    private const string Dlq = "dead-letters";

    [Fact]
    public void An_undeserializable_record_skipped_by_log_and_continue_goes_to_the_dead_letter_topic_as_consumed()
    {
        using var drops = new DroppedRecordsMeter();
        var builder = new StreamsBuilder();
        builder.Stream<string, long>("in").To("out");
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions
        {
            DeserializationExceptionHandler = LogAndContinueExceptionHandler.Instance,
            DeadLetterQueueTopicName = Dlq,
        });
        driver.CreateInputTopic("in", Serdes.String, Serdes.Int64).PipeInput("k", 1L, 5);

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("bad", "xyz", 6, new Headers { { "h", [3] } });
        driver.CreateInputTopic("in", Serdes.String, Serdes.Int64).PipeInput("k", 2L, 7);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadValuesToList().Should().Equal(1L, 2L);
        drops.Reasons.Should().Equal("deserialization error");
        var dead = driver.CreateOutputTopic(Dlq, Serdes.ByteArray, Serdes.ByteArray).ReadRecordsToList().Should().ContainSingle().Subject;
        dead.Key.Should().Equal(Encoding.UTF8.GetBytes("bad"));
        dead.Value.Should().Equal(Encoding.UTF8.GetBytes("xyz"));
        dead.TimestampMs.Should().Be(6);
        dead.Headers.GetLastBytes("h").Should().Equal(3);
        Header(dead, DeadLetterQueue.TopicHeader).Should().Be("in");
        Header(dead, DeadLetterQueue.PartitionHeader).Should().Be("0");
        Header(dead, DeadLetterQueue.OffsetHeader).Should().Be("1");
        Header(dead, DeadLetterQueue.ExceptionHeader).Should().NotBeEmpty();
    }

    [Fact]
    public void A_deserialization_handler_implementing_only_Handle_keeps_working_and_writes_no_dead_letter()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, long>("in").To("out");
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions
        {
            DeserializationExceptionHandler = new SkipAll(),
            DeadLetterQueueTopicName = Dlq,
        });

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("bad", "xyz", 6);
        driver.CreateInputTopic("in", Serdes.String, Serdes.Int64).PipeInput("k", 2L, 7);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.Int64).ReadValuesToList().Should().Equal(2L);
        driver.ProducedTopicNames.Should().NotContain(Dlq);
    }

    [Fact]
    public void A_record_a_sink_cannot_serialize_fails_by_default_naming_the_sink_and_the_input_record()
    {
        using var driver = SerializingDriver(new TopologyTestDriverOptions { DeadLetterQueueTopicName = Dlq });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        input.PipeInput("k", "fine", 1);

        var act = () => input.PipeInput("k", "unwritable", 2);

        act.Should().Throw<StreamsException>().WithMessage("*'sink'*serialize the value*'out'*in-0@1*no offset at or after this record is committed*")
            .WithInnerException<InvalidDataException>();
        driver.ProducedTopicNames.Should().NotContain(Dlq);
    }

    [Fact]
    public void A_record_a_sink_cannot_serialize_is_skipped_by_log_and_continue_and_dead_lettered_with_its_input_bytes()
    {
        using var drops = new DroppedRecordsMeter();
        using var driver = SerializingDriver(new TopologyTestDriverOptions
        {
            ProductionExceptionHandler = LogAndContinueProductionExceptionHandler.Instance,
            DeadLetterQueueTopicName = Dlq,
        });
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("k1", "fine", 1);
        input.PipeInput("k2", "unwritable", 2);
        input.PipeInput("k3", "also fine", 3);

        driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadValuesToList().Should().Equal("fine", "also fine");
        drops.Reasons.Should().Equal("serialization error");
        var dead = driver.CreateOutputTopic(Dlq, Serdes.String, Serdes.String).ReadRecordsToList().Should().ContainSingle().Subject;
        (dead.Key, dead.Value).Should().Be(("k2", "unwritable"));
        Header(dead, DeadLetterQueue.OffsetHeader).Should().Be("1");
        Header(dead, DeadLetterQueue.MessageHeader).Should().Be("cannot write 'unwritable'");
    }

    [Fact]
    public void Dead_letter_records_are_built_with_the_kafka_streams_header_names()
    {
        var context = new ErrorHandlerContext("t", 3, 42, null, "node", new Processor.TaskId(1, 3), 1_234, null, null, Dlq);

        var record = DeadLetterQueue.BuildRecord(Dlq, [1], null, context, new InvalidOperationException("m"));

        record.Headers!.Select(h => h.Key).Should().Equal(
            "__streams.errors.exception", "__streams.errors.message", "__streams.errors.stacktrace",
            "__streams.errors.topic", "__streams.errors.partition", "__streams.errors.offset");
        (record.Topic, record.TimestampMs).Should().Be((Dlq, 1_234L));
        Encoding.UTF8.GetString(record.Headers!.GetLastBytes("__streams.errors.partition")).Should().Be("3");
        Encoding.UTF8.GetString(record.Headers!.GetLastBytes("__streams.errors.offset")).Should().Be("42");
        DeadLetterQueue.MaybeBuildRecords([1], null, new ErrorHandlerContext("t", 3, 42, null, "node", default, 1, null, null, null), new InvalidOperationException())
            .Should().BeEmpty("no dead-letter topic is configured");
    }

    private static TopologyTestDriver SerializingDriver(TopologyTestDriverOptions options)
    {
        var picky = Serdes.From<string?>(new PickySerializer(), Serdes.String);
        var builder = new StreamsBuilder();
        builder.Stream<string?, string?>("in").To("out", Produced<string?, string?>.As("sink").WithKeySerde(Serdes.String).WithValueSerde(picky));
        return new TopologyTestDriver(builder.Build(), options);
    }

    private static string Header<TKey, TValue>(TestRecord<TKey, TValue> record, string name) => Encoding.UTF8.GetString(record.Headers.GetLastBytes(name));

    private sealed class PickySerializer : ISerializer<string?>
    {
        public byte[] Serialize(string? data, SerializationContext context) =>
            data == "unwritable" ? throw new InvalidDataException($"cannot write '{data}'") : Encoding.UTF8.GetBytes(data!);
    }

    private sealed class SkipAll : IDeserializationExceptionHandler
    {
        public DeserializationHandlerResponse Handle(ConsumeResult<byte[], byte[]> record, Exception exception, Microsoft.Extensions.Logging.ILogger logger) =>
            DeserializationHandlerResponse.Continue;
    }
}
