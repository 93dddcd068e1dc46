using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Streams.Queries.Internal;

/// <summary>
/// One push-query subscriber: a bounded queue filled on the stream thread and drained on the thread pool into the
/// observer, one call at a time, in write order. A full queue ends the subscription with
/// <see cref="StoreChangeOverflowException"/> after the queued changes (nothing is dropped silently); an observer that
/// throws from <c>OnNext</c> is unsubscribed and the exception logged.
/// </summary>
/// <typeparam name="TKey">The key type the subscriber asked for.</typeparam>
/// <typeparam name="TValue">The value type the subscriber asked for.</typeparam>
internal sealed class StoreChangeSubscription<TKey, TValue> : IStoreChangeSubscriber, IDisposable
{
    private readonly StoreChangeHub _hub;
    private readonly IObserver<StoreChange<TKey, TValue>> _observer;
    private readonly int _capacity;
    private readonly ILogger _logger;
    private readonly Channel<StoreWrite> _queue;
    private Exception? _error;
    private volatile bool _closed;
    private volatile bool _disposed;

    public StoreChangeSubscription(StoreChangeHub hub, IObserver<StoreChange<TKey, TValue>> observer, int capacity, ILogger logger)
    {
        _hub = hub;
        _observer = observer;
        _capacity = capacity;
        _logger = logger;
        _queue = Channel.CreateBounded<StoreWrite>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>Subscribes to the hub and starts delivering.</summary>
    public void Start()
    {
        _ = Task.Run(DrainAsync);
        _hub.Subscribe(this);
    }

    public void Offer(StoreWrite write)
    {
        if (_closed || _queue.Writer.TryWrite(write))
        {
            return;
        }

        Fail(new StoreChangeOverflowException(
            $"The subscriber of store '{_hub.StoreName}' fell {_capacity} changes behind; its subscription ended rather than drop changes. " +
            "Consume faster (observe on another scheduler and buffer), or subscribe with a larger buffer capacity."));
    }

    public void Complete()
    {
        _closed = true;
        _queue.Writer.TryComplete();
    }

    public void Dispose()
    {
        _disposed = true;
        _closed = true;
        _hub.Remove(this);
        _queue.Writer.TryComplete();
    }

    private void Fail(Exception error)
    {
        _closed = true;
        _hub.Remove(this);
        Interlocked.CompareExchange(ref _error, error, null);
        _queue.Writer.TryComplete(error);
    }

    private async Task DrainAsync()
    {
        var reader = _queue.Reader;
        while (true)
        {
            bool more;
            try
            {
                more = await reader.WaitToReadAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (ReferenceEquals(e, Volatile.Read(ref _error)) || e is ChannelClosedException)
            {
                more = false;
            }

            if (!more)
            {
                break;
            }

            while (reader.TryRead(out var write))
            {
                if (_disposed)
                {
                    return;
                }

                if (!Deliver(write))
                {
                    return;
                }
            }
        }

        if (_disposed)
        {
            return;
        }

        var error = Volatile.Read(ref _error);
        try
        {
            if (error is null)
            {
                _observer.OnCompleted();
            }
            else
            {
                _observer.OnError(error);
            }
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "A subscriber of store '{StoreName}' threw while being completed.", _hub.StoreName);
        }
    }

    private bool Deliver(StoreWrite write)
    {
        StoreChange<TKey, TValue> change;
        if (write.Key is TKey key && (write.Value is null || write.Value is TValue))
        {
            change = new(_hub.StoreName, write.Partition, key, write.Value is null ? default : (TValue)write.Value, write.Deleted, write.Timestamp);
        }
        else
        {
            Dispose();
            SafeError(new InvalidStateStoreException(
                $"Store '{_hub.StoreName}' holds keys of type {write.Key.GetType().Name} and values of type {write.Value?.GetType().Name ?? "(null)"}; " +
                $"it was observed as StoreChange<{typeof(TKey).Name}, {typeof(TValue).Name}>."));
            return false;
        }

        try
        {
            _observer.OnNext(change);
            return true;
        }
        catch (Exception e)
        {
            // Rx: an observer that throws is broken; stop delivering to it and keep the stream thread unaffected.
            Dispose();
            _logger.LogWarning(e, "A subscriber of store '{StoreName}' threw from OnNext; it was unsubscribed.", _hub.StoreName);
            return false;
        }
    }

    private void SafeError(Exception error)
    {
        try
        {
            _observer.OnError(error);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "A subscriber of store '{StoreName}' threw from OnError.", _hub.StoreName);
        }
    }
}
