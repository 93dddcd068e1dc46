using Streams.Dsl;
using Streams.State;

namespace Streams.AspNetCore.Tests.Support;

/// <summary>An iterator over a materialized list.</summary>
public sealed class ListIterator<TKey, TValue>(IEnumerable<KeyValuePair<TKey, TValue>> items) : IKeyValueIterator<TKey, TValue>
{
    private readonly IEnumerator<KeyValuePair<TKey, TValue>> _inner = items.ToList().AsEnumerable().GetEnumerator();

    public bool Disposed { get; private set; }

    public KeyValuePair<TKey, TValue> Current => _inner.Current;

    object System.Collections.IEnumerator.Current => Current;

    public bool MoveNext() => _inner.MoveNext();

    public void Reset() => throw new NotSupportedException();

    public void Dispose() => Disposed = true;
}

/// <summary>A string-keyed key-value store in ordinal (= UTF-8 byte, for ASCII) key order.</summary>
public sealed class FakeKeyValueStore<TValue> : IReadOnlyKeyValueStore<string, TValue>
{
    public SortedDictionary<string, TValue> Data { get; } = new(StringComparer.Ordinal);

    public long ApproximateNumEntries => Data.Count;

    public bool TryGet(string key, out TValue value) => Data.TryGetValue(key, out value!);

    public TValue? Get(string key) => Data.GetValueOrDefault(key);

    public IKeyValueIterator<string, TValue> Range(string? from, string? to) =>
        new ListIterator<string, TValue>(Data.Where(e => (from is null || string.CompareOrdinal(e.Key, from) >= 0) && (to is null || string.CompareOrdinal(e.Key, to) <= 0)));

    public IKeyValueIterator<string, TValue> ReverseRange(string? from, string? to) => throw new NotSupportedException();

    public IKeyValueIterator<string, TValue> All() => new ListIterator<string, TValue>(Data);

    public IKeyValueIterator<string, TValue> ReverseAll() => throw new NotSupportedException();

    public IKeyValueIterator<string, TValue> PrefixScan<TPrefix>(TPrefix prefix, Confluent.Kafka.ISerializer<TPrefix> prefixKeySerializer) => throw new NotSupportedException();
}

/// <summary>A string-keyed window store: (key, window start) to value.</summary>
public sealed class FakeWindowStore<TValue> : IReadOnlyWindowStore<string, TValue>
{
    public SortedDictionary<(string Key, long Start), TValue> Data { get; } = new(Comparer<(string Key, long Start)>.Create((a, b) =>
        string.CompareOrdinal(a.Key, b.Key) is var c and not 0 ? c : a.Start.CompareTo(b.Start)));

    public TValue? Fetch(string key, long windowStartMs) => Data.GetValueOrDefault((key, windowStartMs));

    public IKeyValueIterator<long, TValue> Fetch(string key, long timeFromMs, long timeToMs) =>
        new ListIterator<long, TValue>(Data.Where(e => e.Key.Key == key && e.Key.Start >= timeFromMs && e.Key.Start <= timeToMs)
            .Select(e => KeyValuePair.Create(e.Key.Start, e.Value)));

    public IKeyValueIterator<Windowed<string>, TValue> FetchAll(long timeFromMs, long timeToMs) => throw new NotSupportedException();

    public IKeyValueIterator<Windowed<string>, TValue> All() => throw new NotSupportedException();

    public IKeyValueIterator<Windowed<string>, TValue> Fetch(string? keyFrom, string? keyTo, long timeFromMs, long timeToMs) => throw new NotSupportedException();

    public IKeyValueIterator<long, TValue> BackwardFetch(string key, long timeFromMs, long timeToMs) => throw new NotSupportedException();

    public IKeyValueIterator<Windowed<string>, TValue> BackwardFetch(string? keyFrom, string? keyTo, long timeFromMs, long timeToMs) => throw new NotSupportedException();

    public IKeyValueIterator<Windowed<string>, TValue> BackwardFetchAll(long timeFromMs, long timeToMs) => throw new NotSupportedException();

    public IKeyValueIterator<Windowed<string>, TValue> BackwardAll() => throw new NotSupportedException();
}

/// <summary>A string-keyed session store: sessions [start, end] per key.</summary>
public sealed class FakeSessionStore<TValue> : IReadOnlySessionStore<string, TValue>
{
    public List<(string Key, long Start, long End, TValue Value)> Sessions { get; } = [];

    public TValue? FetchSession(string key, long sessionStartMs, long sessionEndMs) => throw new NotSupportedException();

    public IKeyValueIterator<Windowed<string>, TValue> FindSessions(string key, long earliestSessionEndMs, long latestSessionStartMs) =>
        Iterate(Sessions.Where(s => s.Key == key && s.End >= earliestSessionEndMs && s.Start <= latestSessionStartMs));

    public IKeyValueIterator<Windowed<string>, TValue> FindSessions(string? keyFrom, string? keyTo, long earliestSessionEndMs, long latestSessionStartMs) => throw new NotSupportedException();

    public IKeyValueIterator<Windowed<string>, TValue> Fetch(string key) => Iterate(Sessions.Where(s => s.Key == key));

    public IKeyValueIterator<Windowed<string>, TValue> Fetch(string? keyFrom, string? keyTo) => throw new NotSupportedException();

    private static ListIterator<Windowed<string>, TValue> Iterate(IEnumerable<(string Key, long Start, long End, TValue Value)> sessions) =>
        new(sessions.OrderBy(s => s.End).ThenBy(s => s.Start).Select(s => KeyValuePair.Create(new Windowed<string>(s.Key, new Window(s.Start, s.End)), s.Value)));
}
