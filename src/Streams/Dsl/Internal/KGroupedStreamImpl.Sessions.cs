namespace Streams.Dsl.Internal;

/// <content>Session windows.</content>
internal sealed partial class KGroupedStreamImpl<TKey, TValue>
{
    public ISessionWindowedKStream<TKey, TValue> WindowedBy(SessionWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return new SessionWindowedKStreamImpl<TKey, TValue>(this, windows);
    }
}
