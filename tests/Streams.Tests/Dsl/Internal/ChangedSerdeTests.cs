using System.Text;
using Confluent.Kafka;
using Streams.Dsl.Internal;
using Streams.Serialization;
using Streams.State.Internal;

namespace Streams.Tests.Dsl.Internal;

public class ChangedSerdeTests
{
    private static readonly SerializationContext Context = new(MessageComponentType.Value, "app-x-repartition");
    private readonly ChangedSerde<string?> _serde = new(Serdes.String);

    [Fact]
    public void A_new_value_only_is_its_bytes_then_is_latest_then_flag_4_as_Kafka_Streams()
    {
        var bytes = _serde.Serialize(new Change<string?>("hello", null), Context);

        bytes.Should().Equal([.. Encoding.UTF8.GetBytes("hello"), 1, 4]);
    }

    [Fact]
    public void An_old_value_only_is_its_bytes_then_is_latest_then_flag_3()
    {
        var bytes = _serde.Serialize(new Change<string?>(null, "world"), Context);

        bytes.Should().Equal([.. Encoding.UTF8.GetBytes("world"), 1, 3]);
    }

    [Fact]
    public void Both_values_are_a_zigzag_varint_new_length_then_new_then_old_then_is_latest_then_flag_5()
    {
        var bytes = _serde.Serialize(new Change<string?>("hello", "world"), Context);

        // zig-zag(5) = 10
        bytes.Should().Equal([10, .. Encoding.UTF8.GetBytes("hello"), .. Encoding.UTF8.GetBytes("world"), 1, 5]);
    }

    [Theory]
    [InlineData("hello", null)]
    [InlineData(null, "world")]
    [InlineData("hello", "world")]
    [InlineData("", "")]
    public void Changes_round_trip(string? @new, string? old)
    {
        var change = new Change<string?>(@new, @new is not null, old, old is not null);

        _serde.Deserialize(_serde.Serialize(change, Context), false, Context).Should().Be(change);
    }

    [Fact]
    public void A_new_value_longer_than_63_bytes_takes_a_two_byte_varint()
    {
        var longValue = new string('x', 200);
        var change = new Change<string?>(longValue, "old");

        var bytes = _serde.Serialize(change, Context);

        bytes[..2].Should().Equal(0x90, 0x03); // zig-zag(200) = 400
        _serde.Deserialize(bytes, false, Context).Should().Be(change);
    }

    [Fact]
    public void Value_types_keep_their_presence_flags_rather_than_nullness()
    {
        var serde = new ChangedSerde<long>(Serdes.Int64);
        var change = new Change<long>(0, false, 0, true);

        serde.Deserialize(serde.Serialize(change, Context), false, Context).Should().Be(change);
    }

    [Fact]
    public void The_older_formats_without_is_latest_are_read()
    {
        var hello = Encoding.UTF8.GetBytes("hello");
        var world = Encoding.UTF8.GetBytes("world");

        _serde.Deserialize([.. world, 0], false, Context).Should().Be(new Change<string?>(null, "world"));
        _serde.Deserialize([.. hello, 1], false, Context).Should().Be(new Change<string?>("hello", null));
        _serde.Deserialize([10, .. hello, .. world, 2], false, Context).Should().Be(new Change<string?>("hello", "world"));
    }

    [Fact]
    public void A_change_without_values_cannot_be_serialized_and_unknown_flags_cannot_be_read()
    {
        FluentActions.Invoking(() => _serde.Serialize(new Change<string?>(null, null), Context)).Should().Throw<StreamsException>();
        FluentActions.Invoking(() => _serde.Deserialize([1, 2, 9], false, Context)).Should().Throw<InvalidDataException>().WithMessage("*flag 9*");
        FluentActions.Invoking(() => _serde.Deserialize([100, 1, 5], false, Context)).Should().Throw<InvalidDataException>();
    }
}
