namespace Streams.RocksDb.Native;

/// <summary>
/// A RocksDB write batch: puts and deletes buffered natively and applied atomically by
/// <see cref="RocksDatabase.Write"/>. Reusable after <see cref="Clear"/>. Not thread-safe.
/// </summary>
internal sealed unsafe class RocksWriteBatch : IDisposable
{
    private readonly WriteBatchHandle _handle = NativeMethods.rocksdb_writebatch_create();

    /// <summary>The number of operations in the batch.</summary>
    /// <exception cref="ObjectDisposedException">The batch is disposed.</exception>
    public int Count => NativeMethods.rocksdb_writebatch_count(Handle);

    internal WriteBatchHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>Adds a put of <paramref name="value"/> under <paramref name="key"/> (both copied into the batch).</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="value">The value bytes.</param>
    /// <exception cref="ObjectDisposedException">The batch is disposed.</exception>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var handle = Handle;
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            NativeMethods.rocksdb_writebatch_put(handle, k, (nuint)key.Length, v, (nuint)value.Length);
        }
    }

    /// <summary>Adds a delete of <paramref name="key"/>.</summary>
    /// <param name="key">The key bytes.</param>
    /// <exception cref="ObjectDisposedException">The batch is disposed.</exception>
    public void Delete(ReadOnlySpan<byte> key)
    {
        var handle = Handle;
        fixed (byte* k = key)
        {
            NativeMethods.rocksdb_writebatch_delete(handle, k, (nuint)key.Length);
        }
    }

    /// <summary>Removes every operation from the batch.</summary>
    /// <exception cref="ObjectDisposedException">The batch is disposed.</exception>
    public void Clear() => NativeMethods.rocksdb_writebatch_clear(Handle);

    /// <summary>Destroys the native batch. Idempotent.</summary>
    public void Dispose() => _handle.Dispose();
}
