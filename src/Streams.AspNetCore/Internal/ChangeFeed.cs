using System.Threading.Channels;

namespace Streams.AspNetCore.Internal;

/// <summary>
/// The changes waiting for one change-stream client: filled by the sources (a local store observer on the stream
/// thread, or a reader of another instance's stream), drained by the response writer. Never blocks a writer: a full
/// feed ends the stream (<see cref="EndEvent"/> overflow). The first source to end ends the feed.
/// </summary>
internal sealed class ChangeFeed
{
    private readonly Channel<ChangeEvent> _channel;
    private readonly int _capacity;
    private string? _endEvent;
    private string? _endDetail;

    public ChangeFeed(int capacity)
    {
        _capacity = capacity;
        _channel = Channel.CreateBounded<ChangeEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public ChannelReader<ChangeEvent> Reader => _channel.Reader;

    /// <summary>The event type to end the stream with (<c>overflow</c> or <c>error</c>), or null after a clean end.</summary>
    public string? EndEvent => Volatile.Read(ref _endEvent);

    public string? EndDetail => Volatile.Read(ref _endDetail);

    public void Post(ChangeEvent change)
    {
        if (!_channel.Writer.TryWrite(change))
        {
            End("overflow", $"The client fell more than {_capacity} changes behind; reconnect and read the current values.");
        }
    }

    /// <summary>Ends the feed after what it holds; the first call wins.</summary>
    public void End(string? endEvent = null, string? detail = null)
    {
        if (Interlocked.CompareExchange(ref _endDetail, detail ?? string.Empty, null) is null)
        {
            Volatile.Write(ref _endEvent, endEvent);
            _channel.Writer.TryComplete();
        }
    }
}

/// <summary>Something that pushes changes into a <see cref="ChangeFeed"/>: a local store or another instance.</summary>
internal interface IChangeSource
{
    /// <summary>Subscribes; returns once changes flow (so the client may be told it is subscribed).</summary>
    /// <exception cref="Queries.InvalidStateStoreException">A local store cannot be observed.</exception>
    /// <exception cref="SourceUnavailableException">Another instance cannot be subscribed to.</exception>
    Task<IAsyncDisposable> StartAsync(ChangeFeed feed, CancellationToken cancellationToken);
}
