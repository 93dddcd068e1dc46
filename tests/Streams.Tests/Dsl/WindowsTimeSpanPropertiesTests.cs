using Confluent.Kafka;
using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.Tests.Dsl;

public class WindowsTimeSpanPropertiesTests
{
    [Fact]
    public void The_TimeSpan_properties_are_the_millisecond_properties()
    {
        var hopping = TimeWindows.OfSizeAndGrace(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30)).AdvanceBy(TimeSpan.FromMinutes(1));
        (hopping.Size, hopping.Advance, hopping.Grace).Should().Be((TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30)));
        hopping.Size.Should().Be(TimeSpan.FromMilliseconds(hopping.SizeMs));

        var sessions = SessionWindows.OfInactivityGapAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2));
        (sessions.InactivityGap, sessions.Grace).Should().Be((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)));

        var sliding = SlidingWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(1));
        (sliding.TimeDifference, sliding.Grace).Should().Be((TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(1)));

        var join = JoinWindows.OfTimeDifferenceAndGrace(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)).After(TimeSpan.FromSeconds(1));
        (join.Size, join.Grace).Should().Be((TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(2)));

        (UnlimitedWindows.Of().Size, UnlimitedWindows.Of().Grace).Should().Be((TimeSpan.MaxValue, TimeSpan.Zero));
    }

    [Fact]
    public void Each_windows_size_builds_the_serde_that_reads_its_windows()
    {
        var ctx = new SerializationContext(MessageComponentType.Key, "t");
        var tumbling = TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10));
        var unlimited = UnlimitedWindows.Of().StartOn(DateTimeOffset.FromUnixTimeMilliseconds(5));

        foreach (var (size, window) in new[] { (tumbling.Size, tumbling.WindowsFor(12_345).Single()), (unlimited.Size, unlimited.WindowsFor(99).Single()) })
        {
            var serde = WindowedSerdes.TimeWindowed(Serdes.String, size);
            var windowed = new Windowed<string?>("k", window);
            serde.Deserialize(serde.Serialize(windowed, ctx), false, ctx).Should().Be(windowed);
        }
    }
}
