using RocksDbSharp;

namespace Streams.RocksDb.Native;

/// <summary>
/// A RocksDB iterator: a consistent point-in-time view of its database (or of one column family of it), forward only here, keys in
/// ascending unsigned byte order. Created by <see cref="RocksDatabase.NewIterator(RocksColumnFamily?)"/>, it is disposed
/// with its database at the latest; any use after that throws <see cref="ObjectDisposedException"/>.
/// Not thread-safe. Over the RocksDB package's <c>RocksDbSharp.Iterator</c>; it adds the disposal checks, the
/// cached validity and the project's <see cref="RocksDbException"/>.
/// </summary>
internal sealed class RocksIterator : IDisposable
{
    private readonly RocksDatabase _owner;
    private readonly Iterator _iterator;
    private readonly ReadOptions _readOptions;
    private bool _valid;
    private bool _disposed;

    internal RocksIterator(RocksDatabase owner, Iterator iterator, ReadOptions readOptions, RocksColumnFamily? family = null)
    {
        _owner = owner;
        _iterator = iterator;
        _readOptions = readOptions;
        Family = family;
    }

    /// <summary>The column family it reads; null for the default one.</summary>
    public RocksColumnFamily? Family { get; }

    /// <summary>True when the iterator is positioned on an entry.</summary>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public bool Valid
    {
        get
        {
            ThrowIfDisposed();
            return _valid;
        }
    }

    /// <summary>Positions on the first key of the database (or of the iterator's bounds).</summary>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public void SeekToFirst()
    {
        ThrowIfDisposed();
        _valid = _iterator.SeekToFirst().Valid();
    }

    /// <summary>Positions on the first key at or after <paramref name="target"/>.</summary>
    /// <param name="target">The key to seek to.</param>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public void Seek(ReadOnlySpan<byte> target)
    {
        ThrowIfDisposed();
        _valid = _iterator.Seek(target).Valid();
    }

    /// <summary>Positions on the last key of the database (or the last key before the iterator's upper bound).</summary>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public void SeekToLast()
    {
        ThrowIfDisposed();
        _valid = _iterator.SeekToLast().Valid();
    }

    /// <summary>Positions on the last key at or before <paramref name="target"/>.</summary>
    /// <param name="target">The key to seek to.</param>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public void SeekForPrev(ReadOnlySpan<byte> target)
    {
        ThrowIfDisposed();
        _valid = _iterator.SeekForPrev(target).Valid();
    }

    /// <summary>Moves to the previous key.</summary>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on an entry.</exception>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public void Prev()
    {
        ThrowIfNotValid();
        _valid = _iterator.Prev().Valid();
    }

    /// <summary>Moves to the next key.</summary>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on an entry.</exception>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public void Next()
    {
        ThrowIfNotValid();
        _valid = _iterator.Next().Valid();
    }

    /// <summary>The current key, as a view of native memory valid only until the iterator moves or is disposed.</summary>
    /// <returns>The key bytes.</returns>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on an entry.</exception>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public ReadOnlySpan<byte> KeySpan()
    {
        ThrowIfNotValid();
        return _iterator.GetKeySpan();
    }

    /// <summary>The current value, as a view of native memory valid only until the iterator moves or is disposed.</summary>
    /// <returns>The value bytes.</returns>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on an entry.</exception>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public ReadOnlySpan<byte> ValueSpan()
    {
        ThrowIfNotValid();
        return _iterator.GetValueSpan();
    }

    /// <summary>A copy of the current key.</summary>
    /// <returns>The key bytes.</returns>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on an entry.</exception>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public byte[] Key() => KeySpan().ToArray();

    /// <summary>A copy of the current value.</summary>
    /// <returns>The value bytes.</returns>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on an entry.</exception>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public byte[] Value() => ValueSpan().ToArray();

    /// <summary>
    /// Throws when the iterator stopped because of an error (an I/O error or corruption) rather than at the
    /// end of its range. Call it when <see cref="Valid"/> turns false.
    /// </summary>
    /// <exception cref="RocksDbException">The iterator failed.</exception>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public void ThrowIfFailed()
    {
        ThrowIfDisposed();
        RocksDbSharp.Native.Instance.rocksdb_iter_get_error(_iterator.Handle, out var err);
        RocksDbException.ThrowIfError(err);
    }

    /// <summary>Destroys the native iterator. Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _valid = false;
        _owner.Forget(this);
        _iterator.Dispose();
        GC.KeepAlive(_readOptions);
    }

    private void ThrowIfNotValid()
    {
        ThrowIfDisposed();
        if (!_valid)
        {
            throw new InvalidOperationException("The iterator is not positioned on an entry.");
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
