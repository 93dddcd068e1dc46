namespace Streams.Dsl.Internal;

/// <content>Sliding and unlimited windows.</content>
internal sealed partial class KGroupedStreamImpl<TKey, TValue>
{
    public ITimeWindowedKStream<TKey, TValue> WindowedBy(SlidingWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return new SlidingWindowedKStreamImpl<TKey, TValue>(this, windows);
    }

    public ITimeWindowedKStream<TKey, TValue> WindowedBy(UnlimitedWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return new TimeWindowedKStreamImpl<TKey, TValue>(this, windows);
    }
}
