using Confluent.Kafka;
using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.Tests.Serialization;

public class SessionWindowedSerdeTests
{
    private static readonly SerializationContext Ctx = new(MessageComponentType.Key, "t");

    [Fact]
    public void Serializes_as_Kafka_Streams_SessionWindowedSerializer_key_then_end_then_start_big_endian()
    {
        var serde = WindowedSerdes.SessionWindowed(Serdes.String);

        var bytes = serde.Serialize(new Windowed<string?>("ab", new Window(0x0102, 0x0A0B0C)), Ctx);

        bytes.Should().Equal((byte)'a', (byte)'b', 0, 0, 0, 0, 0, 0x0A, 0x0B, 0x0C, 0, 0, 0, 0, 0, 0, 0x01, 0x02);
    }

    [Fact]
    public void Round_trips_key_start_and_end()
    {
        var serde = WindowedSerdes.SessionWindowed(Serdes.Int64);
        var session = new Windowed<long>(42, new Window(1_700_000_000_000, 1_700_000_360_000));

        serde.Deserialize(serde.Serialize(session, Ctx), false, Ctx).Should().Be(session);
    }

    [Fact]
    public void A_session_of_one_instant_keeps_equal_bounds()
    {
        var serde = WindowedSerdes.SessionWindowed(Serdes.String);

        serde.Deserialize(serde.Serialize(new Windowed<string?>("k", new Window(7, 7)), Ctx), false, Ctx).Window.Should().Be(new Window(7, 7));
    }

    [Fact]
    public void Deserializing_null_or_fewer_than_16_bytes_fails()
    {
        var serde = WindowedSerdes.SessionWindowed(Serdes.String);

        FluentActions.Invoking(() => serde.Deserialize(new byte[15], false, Ctx)).Should().Throw<InvalidDataException>();
        FluentActions.Invoking(() => serde.Deserialize(ReadOnlySpan<byte>.Empty, true, Ctx)).Should().Throw<InvalidDataException>();
        FluentActions.Invoking(() => WindowedSerdes.SessionWindowed<string?>(null!)).Should().Throw<ArgumentNullException>();
    }
}
