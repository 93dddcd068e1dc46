using System.Collections;
using Streams.State;
using Streams.State.Internal;

namespace Streams.RocksDb.Internal;

/// <summary>
/// One byte range <c>[from, to]</c> (inclusive, null bounds open) read across several segments and merged into
/// unsigned key-byte order, so that a segmented store reads exactly like one sorted key-value store (Kafka Streams'
/// <c>SegmentIterator</c> reads segment after segment; merging keeps the order the single-database layout gave).
/// Keys are unique across segments (the segment timestamp is part of the key), so no two heads are equal. The
/// segments' iterators are created on the first <see cref="MoveNext"/>; a segment dropped before then is skipped
/// (it held only expired records), and one dropped later stays readable to them (a RocksDB iterator reads the
/// database as of its creation).
/// </summary>
internal sealed class SegmentsMergeIterator : IKeyValueIterator<byte[], byte[]>
{
    private readonly IReadOnlyList<RocksDbSegment> _segments;
    private readonly byte[]? _from;
    private readonly byte[]? _to;
    private readonly string _storeName;
    private readonly Func<bool> _isOpen;
    private readonly List<IKeyValueIterator<byte[], byte[]>> _open = [];
    private readonly PriorityQueue<IKeyValueIterator<byte[], byte[]>, byte[]> _heads = new(ByteArrayComparer.Instance);
    private bool _started;
    private bool _disposed;
    private KeyValuePair<byte[], byte[]> _current;

    public SegmentsMergeIterator(IReadOnlyList<RocksDbSegment> segments, byte[]? from, byte[]? to, string storeName, Func<bool> isOpen)
    {
        _segments = segments;
        _from = from;
        _to = to;
        _storeName = storeName;
        _isOpen = isOpen;
    }

    public KeyValuePair<byte[], byte[]> Current => _current;

    object IEnumerator.Current => Current;

    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(_disposed || !_isOpen(), _storeName);
        if (!_started)
        {
            _started = true;
            foreach (var segment in _segments)
            {
                if (!segment.IsDropped)
                {
                    var iterator = segment.Range(_from, _to);
                    _open.Add(iterator);
                    Advance(iterator);
                }
            }
        }

        if (!_heads.TryDequeue(out var head, out _))
        {
            _current = default;
            return false;
        }

        _current = head.Current;
        Advance(head);
        return true;
    }

    private SinglePassEnumeration _enumeration;

    IEnumerator<KeyValuePair<byte[], byte[]>> IEnumerable<KeyValuePair<byte[], byte[]>>.GetEnumerator()
    {
        _enumeration.Begin();
        return this;
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<KeyValuePair<byte[], byte[]>>)this).GetEnumerator();

    public void Reset() => throw new NotSupportedException("Store iterators are forward-only.");

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var iterator in _open)
        {
            try
            {
                iterator.Dispose();
            }
            catch (ObjectDisposedException)
            {
                // Its segment closed with the store.
            }
        }
    }

    private void Advance(IKeyValueIterator<byte[], byte[]> iterator)
    {
        if (iterator.MoveNext())
        {
            _heads.Enqueue(iterator, iterator.Current.Key);
        }
    }
}
