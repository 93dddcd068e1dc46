using Streams.Dsl;

namespace Streams.Tests;

public class StreamsApplicationWaitForStateTests
{
    private static StreamsApplication NewApp()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").To("out");
        return new StreamsApplication(builder.Build(), new StreamsOptions { ApplicationId = "app", BootstrapServers = "localhost:1", StateDirectory = Path.GetTempPath() });
    }

    [Fact]
    public async Task WaitForStateAsync_returns_true_at_once_for_the_current_state()
    {
        await using var app = NewApp();

        (await app.WaitForStateAsync(StreamsState.Created, TimeSpan.FromSeconds(5), CancellationToken.None)).Should().BeTrue();
        (await app.WaitForStateAsync(StreamsState.Created, TimeSpan.FromSeconds(5))).Should().BeTrue();
    }

    [Fact]
    public async Task WaitForStateAsync_returns_false_on_timeout()
    {
        await using var app = NewApp();

        (await app.WaitForStateAsync(StreamsState.Running, TimeSpan.FromMilliseconds(20), CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public async Task WaitForStateAsync_throws_OperationCanceledException_when_the_token_is_cancelled_during_the_wait()
    {
        await using var app = NewApp();
        using var cts = new CancellationTokenSource();

        var wait = app.WaitForStateAsync(StreamsState.Running, Timeout.InfiniteTimeSpan, cts.Token);
        wait.IsCompleted.Should().BeFalse();
        await cts.CancelAsync();

        await FluentActions.Awaiting(() => wait).Should().ThrowAsync<OperationCanceledException>();
        app.State.Should().Be(StreamsState.Created, "cancelling the wait does not touch the application");
    }

    [Fact]
    public async Task WaitForStateAsync_throws_for_an_already_cancelled_token_even_when_the_state_is_reached()
    {
        await using var app = NewApp();

        await FluentActions.Awaiting(() => app.WaitForStateAsync(StreamsState.Created, TimeSpan.FromSeconds(5), new CancellationToken(canceled: true)))
            .Should().ThrowAsync<OperationCanceledException>();
    }
}
