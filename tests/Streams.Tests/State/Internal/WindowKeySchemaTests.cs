using Streams.State.Internal;

namespace Streams.Tests.State.Internal;

public class WindowKeySchemaTests
{
    [Fact]
    public void Store_key_is_the_key_then_the_sign_flipped_big_endian_start()
    {
        Convert.ToHexString(WindowKeySchema.ToStoreKey([0x41], 0)).Should().Be("418000000000000000");
        Convert.ToHexString(WindowKeySchema.ToStoreKey([0x41], 0x0102)).Should().Be("418000000000000102");
        Convert.ToHexString(WindowKeySchema.ToStoreKey([0x41], -1)).Should().Be("417FFFFFFFFFFFFFFF");
        Convert.ToHexString(WindowKeySchema.ToStoreKey([], long.MinValue)).Should().Be("0000000000000000");
        Convert.ToHexString(WindowKeySchema.ToStoreKey([], long.MaxValue)).Should().Be("FFFFFFFFFFFFFFFF");
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(-1_000)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1_700_000_000_000)]
    [InlineData(long.MaxValue)]
    public void Timestamp_and_key_round_trip(long timestamp)
    {
        var storeKey = WindowKeySchema.ToStoreKey([1, 2, 3], timestamp);

        storeKey.Should().HaveCount(3 + WindowKeySchema.TimestampSize);
        WindowKeySchema.ReadTimestamp(storeKey).Should().Be(timestamp);
        WindowKeySchema.ExtractKey(storeKey).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Unsigned_byte_order_of_store_keys_is_numeric_order_of_timestamps()
    {
        long[] timestamps = [long.MinValue, -1_000_000, -256, -1, 0, 1, 255, 256, 1_700_000_000_000, long.MaxValue];
        var keys = timestamps.Reverse().Select(t => WindowKeySchema.ToStoreKey([7], t)).ToList();

        keys.Sort(ByteArrayComparer.Instance);

        keys.Select(k => WindowKeySchema.ReadTimestamp(k)).Should().Equal(timestamps);
    }

    [Fact]
    public void WriteTimestamp_writes_eight_bytes_into_the_destination()
    {
        var buffer = new byte[10];

        WindowKeySchema.WriteTimestamp(buffer.AsSpan(1), 5);

        Convert.ToHexString(buffer).Should().Be("00800000000000000500");
    }

    [Theory]
    [InlineData(0, 10, 10)]
    [InlineData(-20, 10, -10)]
    [InlineData(long.MinValue, 10, long.MinValue + 10)]
    [InlineData(5, long.MaxValue, long.MaxValue)]
    [InlineData(long.MaxValue - 3, 3, long.MaxValue)]
    [InlineData(long.MaxValue - 3, 4, long.MaxValue)]
    public void The_window_end_is_start_plus_size_saturated_at_the_largest_long(long start, long size, long end)
    {
        WindowKeySchema.WindowFor(start, size).Should().Be(new Streams.State.Window(start, end));
    }
}
