using System.Text.Json;
using Streams.AspNetCore.Internal;

namespace Streams.AspNetCore.Tests.Internal;

public sealed class ChangeFeedTests
{
    private static ChangeEvent Event(int i) => new("counts", JsonSerializer.SerializeToElement($"k{i}"), JsonSerializer.SerializeToElement(i), false, i, 0);

    [Fact]
    public void A_feed_at_capacity_keeps_what_it_holds_and_ends_with_overflow_instead_of_blocking()
    {
        var feed = new ChangeFeed(2);

        feed.Post(Event(1));
        feed.Post(Event(2));
        feed.Post(Event(3));
        feed.Post(Event(4));

        feed.EndEvent.Should().Be("overflow");
        feed.EndDetail.Should().Contain("more than 2 changes");
        feed.Reader.TryRead(out var first).Should().BeTrue();
        feed.Reader.TryRead(out var second).Should().BeTrue();
        feed.Reader.TryRead(out _).Should().BeFalse();
        feed.Reader.Completion.IsCompleted.Should().BeTrue();
        new[] { first!.Timestamp, second!.Timestamp }.Should().Equal(1, 2);
    }

    [Fact]
    public void The_first_end_wins()
    {
        var feed = new ChangeFeed(10);

        feed.End();
        feed.End("error", "late");

        feed.EndEvent.Should().BeNull();
        feed.Reader.Completion.IsCompleted.Should().BeTrue();
    }
}
