using System.Buffers.Binary;

namespace FlightDelays;

/// <summary>
/// Delay aggregate of one (origin, window): immutable; <see cref="Add(Flight)"/> returns a new value.
/// </summary>
/// <remarks>
/// Binary form (<see cref="ToBytes"/> / <see cref="FromBytes"/>), exactly <see cref="SerializedSize"/> = 20 bytes,
/// big-endian (network order, as Kafka's own serializers):
/// <code>
/// offset 0  int64  Flights
/// offset 8  int64  TotalDelay (minutes)
/// offset 16 int32  MaxDelay (minutes)
/// </code>
/// <see cref="AvgDelay"/> is derived, not stored.
/// </remarks>
/// <param name="Flights">Number of flights aggregated.</param>
/// <param name="TotalDelay">Sum of the delays in minutes (early departures count negative).</param>
/// <param name="MaxDelay">Largest delay in minutes; 0 while <paramref name="Flights"/> is 0.</param>
public sealed record DelayStats(long Flights, long TotalDelay, int MaxDelay)
{
    /// <summary>Size of the binary form in bytes.</summary>
    public const int SerializedSize = 20;

    /// <summary>The aggregate of no flights (the initializer).</summary>
    public static DelayStats Empty { get; } = new(0, 0, 0);

    /// <summary>Mean delay in minutes, <c>TotalDelay / Flights</c>; 0 when there are no flights.</summary>
    public double AvgDelay => Flights == 0 ? 0.0 : (double)TotalDelay / Flights;

    /// <summary>The aggregate with <paramref name="flight"/> added.</summary>
    public DelayStats Add(Flight flight)
    {
        ArgumentNullException.ThrowIfNull(flight);
        return Add(flight.DelayMinutes);
    }

    /// <summary>The aggregate with one more flight of <paramref name="delayMinutes"/> added.</summary>
    public DelayStats Add(int delayMinutes) =>
        new(Flights + 1, TotalDelay + delayMinutes, Flights == 0 ? delayMinutes : Math.Max(MaxDelay, delayMinutes));

    /// <summary>Writes the 20-byte big-endian form into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 20 bytes.</exception>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < SerializedSize)
        {
            throw new ArgumentException($"DelayStats needs {SerializedSize} bytes, the buffer has {destination.Length}", nameof(destination));
        }
        BinaryPrimitives.WriteInt64BigEndian(destination, Flights);
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], TotalDelay);
        BinaryPrimitives.WriteInt32BigEndian(destination[16..], MaxDelay);
    }

    /// <summary>The 20-byte big-endian form.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[SerializedSize];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Reads the 20-byte big-endian form.</summary>
    /// <exception cref="ArgumentException">Not exactly 20 bytes, or a negative flight count.</exception>
    public static DelayStats FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != SerializedSize)
        {
            throw new ArgumentException($"DelayStats is {SerializedSize} bytes, got {bytes.Length}", nameof(bytes));
        }
        long flights = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (flights < 0)
        {
            throw new ArgumentException($"DelayStats has a negative flight count {flights}", nameof(bytes));
        }
        return new DelayStats(flights, BinaryPrimitives.ReadInt64BigEndian(bytes[8..]), BinaryPrimitives.ReadInt32BigEndian(bytes[16..]));
    }
}
