using Confluent.Kafka;
using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.Tests.State.Internal;

public class TimeWindowedSerdeTests
{
    private static readonly SerializationContext Ctx = new(MessageComponentType.Key, "topic");

    [Fact]
    public void Serializes_inner_key_bytes_then_big_endian_window_start()
    {
        var serde = WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMilliseconds(50));

        var bytes = serde.Serialize(new Windowed<string?>("k", new Window(0x0102, 0x0102 + 50)), Ctx);

        bytes.Should().Equal((byte)'k', 0, 0, 0, 0, 0, 0, 0x01, 0x02);
    }

    [Fact]
    public void Round_trip_rebuilds_the_window_end_from_the_size()
    {
        var serde = WindowedSerdes.TimeWindowed(Serdes.Int32, TimeSpan.FromSeconds(1));
        var windowed = new Windowed<int>(-5, new Window(1_700_000_000_000, 1_700_000_001_000));

        var back = serde.Deserialize(serde.Serialize(windowed, Ctx), false, Ctx);

        back.Should().Be(windowed);
    }

    [Fact]
    public void Empty_inner_key_round_trips()
    {
        var serde = WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMilliseconds(10));

        var bytes = serde.Serialize(new Windowed<string?>(string.Empty, new Window(20, 30)), Ctx);

        bytes.Should().HaveCount(8);
        serde.Deserialize(bytes, false, Ctx).Should().Be(new Windowed<string?>(string.Empty, new Window(20, 30)));
    }

    [Fact]
    public void Input_shorter_than_eight_bytes_throws()
    {
        var serde = WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMilliseconds(10));

        var act = () => serde.Deserialize(new byte[7], false, Ctx);

        act.Should().Throw<InvalidDataException>().WithMessage("*8 bytes*7*");
    }

    [Fact]
    public void Null_input_throws()
    {
        var serde = WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMilliseconds(10));

        var act = () => serde.Deserialize(ReadOnlySpan<byte>.Empty, true, Ctx);

        act.Should().Throw<InvalidDataException>().WithMessage("*null*");
    }

    [Fact]
    public void The_end_of_an_unlimited_window_saturates_at_the_largest_long()
    {
        var serde = WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.MaxValue);

        var back = serde.Deserialize(serde.Serialize(new Windowed<string?>("k", new Window(5, long.MaxValue)), Ctx), false, Ctx);

        back.Window.Should().Be(new Window(5, long.MaxValue));
    }

    [Fact]
    public void A_sub_millisecond_size_is_truncated_and_a_negative_size_or_null_inner_serde_throws()
    {
        var serde = WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromTicks(10_009)); // 1.0009 ms

        serde.Deserialize(serde.Serialize(new Windowed<string?>("k", new Window(7, 8)), Ctx), false, Ctx).Window.Should().Be(new Window(7, 8));
        FluentActions.Invoking(() => WindowedSerdes.TimeWindowed(Serdes.String, TimeSpan.FromMilliseconds(-1))).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => WindowedSerdes.TimeWindowed<string?>(null!, TimeSpan.FromSeconds(1))).Should().Throw<ArgumentNullException>();
    }
}
