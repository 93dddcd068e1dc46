using System.Text;
using Confluent.Kafka;
using Streams.Serialization;
using Streams.Tests.Serialization.Internal;
using Streams.State;

namespace Streams.Tests.Serialization;

public class SerdesTests
{
    private static readonly SerializationContext Ctx = new(MessageComponentType.Value, "topic");

    [Fact]
    public void String_is_utf8_and_maps_null_to_null_bytes()
    {
        Serdes.String.Serialize("héllo", Ctx).Should().Equal(Encoding.UTF8.GetBytes("héllo"));
        Serdes.String.Serialize(null, Ctx).Should().BeNull();
        Serdes.String.Deserialize(Encoding.UTF8.GetBytes("héllo"), false, Ctx).Should().Be("héllo");
        Serdes.String.Deserialize(ReadOnlySpan<byte>.Empty, true, Ctx).Should().BeNull();
        Serdes.String.Deserialize(ReadOnlySpan<byte>.Empty, false, Ctx).Should().BeEmpty();
    }

    [Theory]
    [InlineData(0, new byte[] { 0x00, 0x00, 0x00, 0x00 })]
    [InlineData(1, new byte[] { 0x00, 0x00, 0x00, 0x01 })]
    [InlineData(0x01020304, new byte[] { 0x01, 0x02, 0x03, 0x04 })]
    [InlineData(-2, new byte[] { 0xFF, 0xFF, 0xFF, 0xFE })]
    [InlineData(int.MinValue, new byte[] { 0x80, 0x00, 0x00, 0x00 })]
    public void Int32_is_four_bytes_big_endian(int value, byte[] expected)
    {
        Serdes.Int32.Serialize(value, Ctx).Should().Equal(expected);
        Serdes.Int32.Deserialize(expected, false, Ctx).Should().Be(value);
    }

    [Theory]
    [InlineData(1L, new byte[] { 0, 0, 0, 0, 0, 0, 0, 1 })]
    [InlineData(0x0102030405060708L, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData(-1L, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(long.MinValue, new byte[] { 0x80, 0, 0, 0, 0, 0, 0, 0 })]
    public void Int64_is_eight_bytes_big_endian(long value, byte[] expected)
    {
        Serdes.Int64.Serialize(value, Ctx).Should().Equal(expected);
        Serdes.Int64.Deserialize(expected, false, Ctx).Should().Be(value);
    }

    [Theory]
    [InlineData(1.0, new byte[] { 0x3F, 0xF0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(-2.5, new byte[] { 0xC0, 0x04, 0, 0, 0, 0, 0, 0 })]
    [InlineData(0.1, new byte[] { 0x3F, 0xB9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A })]
    public void Double_is_ieee754_big_endian(double value, byte[] expected)
    {
        Serdes.Double.Serialize(value, Ctx).Should().Equal(expected);
        Serdes.Double.Deserialize(expected, false, Ctx).Should().Be(value);
    }

    [Fact]
    public void Int32_rejects_data_of_the_wrong_length()
    {
        var act = () => Serdes.Int32.Deserialize(new byte[] { 1, 2, 3 }, false, Ctx);

        act.Should().Throw<Exception>();
    }

    [Fact]
    public void ByteArray_passes_bytes_through_and_null_stays_null()
    {
        var bytes = new byte[] { 0x00, 0xFF, 0x7F };

        Serdes.ByteArray.Serialize(bytes, Ctx).Should().Equal(bytes);
        Serdes.ByteArray.Deserialize(bytes, false, Ctx).Should().Equal(bytes);
        Serdes.ByteArray.Serialize(null, Ctx).Should().BeNull();
        Serdes.ByteArray.Deserialize(ReadOnlySpan<byte>.Empty, true, Ctx).Should().BeNull();
    }

    [Fact]
    public void Default_returns_the_built_in_serde_for_built_in_types()
    {
        Serdes.Default<string>().Should().BeSameAs(Serdes.String);
        Serdes.Default<int>().Should().BeSameAs(Serdes.Int32);
        Serdes.Default<long>().Should().BeSameAs(Serdes.Int64);
        Serdes.Default<double>().Should().BeSameAs(Serdes.Double);
        Serdes.Default<byte[]>().Should().BeSameAs(Serdes.ByteArray);
    }

    [Fact]
    public void Default_returns_null_for_other_types()
    {
        Serdes.Default<Guid>().Should().BeNull();
        Serdes.Default<object>().Should().BeNull();
        Serdes.Default<short>().Should().BeNull();
        Serdes.Default<float>().Should().BeNull();
        Serdes.Default<DateTime>().Should().BeNull();
    }

    [Fact]
    public void From_combines_a_confluent_serializer_and_deserializer()
    {
        var serde = Serdes.From(Serializers.Int32, Deserializers.Int32);

        serde.Serialize(258, Ctx).Should().Equal(0, 0, 1, 2);
        serde.Deserialize(new byte[] { 0, 0, 1, 2 }, false, Ctx).Should().Be(258);
        serde.ToString().Should().Be("Int32");
    }

    [Fact]
    public void Factories_reject_null_arguments()
    {
        FluentActions.Invoking(() => Serdes.From<int>(null!, Deserializers.Int32)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => Serdes.From(Serializers.Int32, null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => WindowedSerdes.TimeWindowed<string?>(null!, TimeSpan.FromMilliseconds(10))).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => Serdes.Json<Order>(typeInfo: null!)).Should().Throw<ArgumentNullException>();
    }
}
