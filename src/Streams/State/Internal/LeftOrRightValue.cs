using Confluent.Kafka;
using Streams.Serialization;

namespace Streams.State.Internal;

/// <summary>
/// A value of either side of a stream-stream join, kept in the outer store until its join window closes, as Kafka
/// Streams' <c>LeftOrRightValue</c>. Exactly one side is set.
/// </summary>
internal sealed class LeftOrRightValue<TLeft, TRight>
{
    private LeftOrRightValue(bool isLeft, TLeft? left, TRight? right)
    {
        IsLeft = isLeft;
        LeftValue = left;
        RightValue = right;
    }

    public bool IsLeft { get; }

    public TLeft? LeftValue { get; }

    public TRight? RightValue { get; }

    public static LeftOrRightValue<TLeft, TRight> MakeLeft(TLeft value) => new(true, value, default);

    public static LeftOrRightValue<TLeft, TRight> MakeRight(TRight value) => new(false, default, value);
}

/// <summary>Serializes a <see cref="LeftOrRightValue{TLeft, TRight}"/> as <c>side (1 left, 0 right) || value bytes</c>, as Kafka Streams' <c>LeftOrRightValueSerde</c>.</summary>
internal sealed class LeftOrRightValueSerde<TLeft, TRight>(ISerde<TLeft> leftSerde, ISerde<TRight> rightSerde) : ISerde<LeftOrRightValue<TLeft, TRight>>
{
    public byte[] Serialize(LeftOrRightValue<TLeft, TRight> data, SerializationContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        var value = data.IsLeft ? leftSerde.Serialize(data.LeftValue!, context) : rightSerde.Serialize(data.RightValue!, context);
        var bytes = new byte[1 + value.Length];
        bytes[0] = data.IsLeft ? (byte)1 : (byte)0;
        value.CopyTo(bytes, 1);
        return bytes;
    }

    public LeftOrRightValue<TLeft, TRight> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        data[0] == 1
            ? LeftOrRightValue<TLeft, TRight>.MakeLeft(leftSerde.Deserialize(data[1..], false, context))
            : LeftOrRightValue<TLeft, TRight>.MakeRight(rightSerde.Deserialize(data[1..], false, context));
}
