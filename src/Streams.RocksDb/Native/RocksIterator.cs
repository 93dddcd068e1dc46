namespace Streams.RocksDb.Native;

/// <summary>
/// A RocksDB iterator: a consistent point-in-time view of its database, forward only here, keys in
/// ascending unsigned byte order. Created by <see cref="RocksDatabase.NewIterator()"/>, it is disposed
/// with its database at the latest; any use after that throws <see cref="ObjectDisposedException"/>.
/// Not thread-safe.
/// </summary>
internal sealed unsafe class RocksIterator : IDisposable
{
    private readonly RocksDatabase _owner;
    private readonly IteratorHandle _handle;
    private readonly ReadOptionsHandle _readOptions;
    private bool _valid;
    private bool _disposed;

    internal RocksIterator(RocksDatabase owner, IteratorHandle handle, ReadOptionsHandle readOptions)
    {
        _owner = owner;
        _handle = handle;
        _readOptions = readOptions;
    }

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
        NativeMethods.rocksdb_iter_seek_to_first(_handle);
        _valid = NativeMethods.rocksdb_iter_valid(_handle) != 0;
    }

    /// <summary>Positions on the first key at or after <paramref name="target"/>.</summary>
    /// <param name="target">The key to seek to.</param>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public void Seek(ReadOnlySpan<byte> target)
    {
        ThrowIfDisposed();
        fixed (byte* t = target)
        {
            NativeMethods.rocksdb_iter_seek(_handle, t, (nuint)target.Length);
        }

        _valid = NativeMethods.rocksdb_iter_valid(_handle) != 0;
    }

    /// <summary>Positions on the last key of the database (or the last key before the iterator's upper bound).</summary>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public void SeekToLast()
    {
        ThrowIfDisposed();
        NativeMethods.rocksdb_iter_seek_to_last(_handle);
        _valid = NativeMethods.rocksdb_iter_valid(_handle) != 0;
    }

    /// <summary>Positions on the last key at or before <paramref name="target"/>.</summary>
    /// <param name="target">The key to seek to.</param>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public void SeekForPrev(ReadOnlySpan<byte> target)
    {
        ThrowIfDisposed();
        fixed (byte* t = target)
        {
            NativeMethods.rocksdb_iter_seek_for_prev(_handle, t, (nuint)target.Length);
        }

        _valid = NativeMethods.rocksdb_iter_valid(_handle) != 0;
    }

    /// <summary>Moves to the previous key.</summary>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on an entry.</exception>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public void Prev()
    {
        ThrowIfNotValid();
        NativeMethods.rocksdb_iter_prev(_handle);
        _valid = NativeMethods.rocksdb_iter_valid(_handle) != 0;
    }

    /// <summary>Moves to the next key.</summary>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on an entry.</exception>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public void Next()
    {
        ThrowIfNotValid();
        NativeMethods.rocksdb_iter_next(_handle);
        _valid = NativeMethods.rocksdb_iter_valid(_handle) != 0;
    }

    /// <summary>The current key, as a view of native memory valid only until the iterator moves or is disposed.</summary>
    /// <returns>The key bytes.</returns>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on an entry.</exception>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public ReadOnlySpan<byte> KeySpan()
    {
        ThrowIfNotValid();
        var k = NativeMethods.rocksdb_iter_key(_handle, out var length);
        return new ReadOnlySpan<byte>(k, checked((int)length));
    }

    /// <summary>The current value, as a view of native memory valid only until the iterator moves or is disposed.</summary>
    /// <returns>The value bytes.</returns>
    /// <exception cref="InvalidOperationException">The iterator is not positioned on an entry.</exception>
    /// <exception cref="ObjectDisposedException">The iterator or its database is disposed.</exception>
    public ReadOnlySpan<byte> ValueSpan()
    {
        ThrowIfNotValid();
        var v = NativeMethods.rocksdb_iter_value(_handle, out var length);
        return new ReadOnlySpan<byte>(v, checked((int)length));
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
        NativeMethods.rocksdb_iter_get_error(_handle, out var err);
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
        _handle.Dispose();
        _readOptions.Dispose();
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
