using System.Text.Json;
using Streams.Queries;

namespace Streams.AspNetCore.Internal;

/// <summary>The changes of this instance's partitions of a key-value store (<see cref="StreamsApplication.ObserveStore{TKey, TValue}(string)"/>) whose serialized key passes a filter.</summary>
internal sealed class LocalChangeSource<TKey, TValue>(IStoreQueryTarget target, string storeName, KeyCodec<TKey> keys, Func<byte[], bool> keyFilter, JsonSerializerOptions json) : IChangeSource
{
    public Task<IAsyncDisposable> StartAsync(ChangeFeed feed, CancellationToken cancellationToken)
    {
        var subscription = target.ObserveStore<TKey, TValue>(storeName).Subscribe(new Observer(feed, keys, keyFilter, json));
        return Task.FromResult<IAsyncDisposable>(new Subscription(subscription));
    }

    private sealed class Subscription(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Runs on the stream thread: filters, serializes and posts without blocking.</summary>
    private sealed class Observer(ChangeFeed feed, KeyCodec<TKey> keys, Func<byte[], bool> keyFilter, JsonSerializerOptions json) : IObserver<StoreChange<TKey, TValue>>
    {
        public void OnNext(StoreChange<TKey, TValue> value)
        {
            if (!keyFilter(keys.Serialize(value.Key)))
            {
                return;
            }

            var jsonValue = value.Deleted ? (JsonElement?)null : KeyCodec<TKey>.ToJson(value.Value, json);
            feed.Post(new ChangeEvent(value.StoreName, KeyCodec<TKey>.ToJson(value.Key, json), jsonValue, value.Deleted, value.TimestampMs, value.Partition));
        }

        public void OnError(Exception error) => feed.End("error", error.Message);

        public void OnCompleted() => feed.End();
    }
}
