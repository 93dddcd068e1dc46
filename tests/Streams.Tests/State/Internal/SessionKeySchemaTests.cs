using Streams.Dsl;
using Streams.State.Internal;
using Streams.State;

namespace Streams.Tests.State.Internal;

public class SessionKeySchemaTests
{
    [Fact]
    public void The_binary_key_is_Kafka_Streams_layout_key_then_end_then_start_big_endian()
    {
        var binary = SessionKeySchema.ToBinary([0x41, 0x42], startMs: 0x0102, endMs: 0x0A0B0C);

        binary.Should().Equal(0x41, 0x42, 0, 0, 0, 0, 0, 0x0A, 0x0B, 0x0C, 0, 0, 0, 0, 0, 0, 0x01, 0x02);
    }

    [Fact]
    public void From_reads_back_the_key_start_and_end()
    {
        var session = SessionKeySchema.From(SessionKeySchema.ToBinary("key"u8, 5, 1_700_000_000_000));

        session.Key.Should().Equal("key"u8.ToArray());
        session.Window.Should().Be(new Window(5, 1_700_000_000_000));
    }

    [Fact]
    public void From_rejects_fewer_than_16_bytes()
    {
        FluentActions.Invoking(() => SessionKeySchema.From(new byte[15])).Should().Throw<InvalidDataException>();
        SessionKeySchema.From(new byte[16]).Key.Should().BeEmpty();
    }

    [Fact]
    public void Sessions_of_one_key_sort_by_end_then_start_in_unsigned_byte_order()
    {
        byte[][] sorted = [SessionKeySchema.ToBinary("k"u8, 0, 5), SessionKeySchema.ToBinary("k"u8, 3, 5), SessionKeySchema.ToBinary("k"u8, 1, 256)];

        sorted.Order(ByteArrayComparer.Instance).Should().Equal(sorted);
        sorted.Reverse().Order(ByteArrayComparer.Instance).Should().Equal(sorted);
    }

    [Fact]
    public void Validate_accepts_a_session_of_one_instant_and_rejects_negative_or_inverted_bounds()
    {
        FluentActions.Invoking(() => SessionKeySchema.Validate(0, 0, "s")).Should().NotThrow();
        FluentActions.Invoking(() => SessionKeySchema.Validate(-1, 0, "s")).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("s");
        FluentActions.Invoking(() => SessionKeySchema.Validate(5, 4, "s")).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("s");
    }
}
