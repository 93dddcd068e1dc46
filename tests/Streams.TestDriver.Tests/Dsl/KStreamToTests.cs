using Streams.Dsl;
using Streams.Serialization;
using Streams.TestDriver.Tests.Support;

namespace Streams.TestDriver.Tests.Dsl;

public class KStreamToTests
{
    [Fact]
    public void To_writes_with_the_produced_serdes()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .MapValues(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture))
            .To("out", Produced<string, int>.With(null, Serdes.Int32));
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "258");

        driver.CreateOutputTopic("out", Serdes.String, Serdes.ByteArray).ReadValue().Should().Equal(0, 0, 1, 2);
    }

    [Fact]
    public void To_with_a_topic_extractor_routes_each_record()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").To((key, _) => "out-" + key);
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeKeyValueList([new("a", "1"), new("b", "2"), new("a", "3")]);

        driver.ProducedTopicNames.Should().BeEquivalentTo("out-a", "out-b");
        driver.CreateOutputTopic("out-a", Serdes.String, Serdes.String).ReadValuesToList().Should().Equal("1", "3");
        driver.CreateOutputTopic("out-b", Serdes.String, Serdes.String).ReadValuesToList().Should().Equal("2");
    }

    [Fact]
    public void The_same_stream_can_be_written_to_several_topics()
    {
        var builder = new StreamsBuilder();
        var stream = builder.Stream<string, string>("in");
        stream.To("first");
        stream.To("second");
        using var driver = new TopologyTestDriver(builder.Build());

        driver.CreateInputTopic("in", Serdes.String, Serdes.String).PipeInput("k", "v", 3);

        driver.CreateOutputTopic("first", Serdes.String, Serdes.String).ReadRecord().Should().Be(new TestRecord<string?, string?>("k", "v", 3));
        driver.CreateOutputTopic("second", Serdes.String, Serdes.String).ReadRecord().Should().Be(new TestRecord<string?, string?>("k", "v", 3));
    }

    [Fact]
    public void Without_serdes_for_a_custom_type_To_fails_at_build_time()
    {
        var builder = new StreamsBuilder();
        var stream = builder.Stream<string, string>("in").MapValues(v => new Uri("http://" + v));

        var act = () => stream.To("out");

        act.Should().Throw<TopologyException>().WithMessage("*value serde*System.Uri*");
    }

    private sealed record Order(string Id, decimal Total);

    [Fact]
    public void A_stream_of_non_nullable_Json_values_writes_with_Json_and_a_tombstone_stays_a_null_value()
    {
        // Issue 16: Serdes.Json<Order>() is an ISerde<Order>, so the stream is an IKStream<string?, Order> and To takes
        // Produced.With(Serdes.String, Serdes.Json<Order>()) without a nullability warning (warnings are errors here).
        var builder = new StreamsBuilder();
        IKStream<string?, Order> orders = builder.Stream("orders", Consumed.With(Serdes.String, Serdes.Json<Order>()));
        // A tombstone still reaches functions as a null value (as in Kafka Streams): filter it out before using the value.
        IKStream<string?, Order> doubled = orders.Filter((_, o) => o is not null).MapValues(o => o with { Total = o.Total * 2 });
        doubled.To("doubled", Produced.With(Serdes.String, Serdes.Json<Order>()));
        orders.To("copy", Produced.With(Serdes.String, Serdes.Json<Order>()));
        using var driver = new TopologyTestDriver(builder.Build());

        var input = driver.CreateInputTopic("orders", Serdes.String, Serdes.Json<Order?>());
        input.PipeInput("a", new Order("a", 2m), 1);
        input.PipeInput("a", null, 2);                                  // a tombstone: null bytes

        driver.CreateOutputTopic("doubled", Serdes.String, Serdes.Json<Order>()).ReadValuesToList().Should().Equal(new Order("a", 4m));
        var copy = driver.CreateOutputTopic("copy", Serdes.String, Serdes.ByteArray).ReadRecordsToList();
        copy.Select(r => r.Value is null).Should().Equal(false, true);  // the tombstone read as a null value, written as null bytes
    }
}
