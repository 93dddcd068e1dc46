using RocksDbSharp;

namespace Streams.RocksDb.Native;

/// <summary>
/// A RocksDB write batch: puts and deletes buffered natively and applied atomically by
/// <see cref="RocksDatabase.Write"/>. Reusable after <see cref="Clear"/>. Not thread-safe. Over the RocksDB package's
/// <c>RocksDbSharp.WriteBatch</c> and its span overloads: a key or value span (a view of a managed array, or of native
/// memory such as the Kafka client's message buffers) is copied once, straight into the native batch.
/// </summary>
internal sealed class RocksWriteBatch : IDisposable
{
    private readonly WriteBatch _batch = new();
    private bool _disposed;

    /// <summary>The number of operations in the batch.</summary>
    /// <exception cref="ObjectDisposedException">The batch is disposed.</exception>
    public int Count => Batch.Count();

    /// <summary>The package's batch, for <see cref="RocksDatabase.Write"/>.</summary>
    /// <exception cref="ObjectDisposedException">The batch is disposed.</exception>
    internal WriteBatch Batch
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _batch;
        }
    }

    /// <summary>Adds a put of <paramref name="value"/> under <paramref name="key"/> (both copied into the batch).</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="value">The value bytes.</param>
    /// <param name="family">The column family; null for the default one.</param>
    /// <exception cref="ObjectDisposedException">The batch (or the column family) is disposed.</exception>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, RocksColumnFamily? family = null) => Batch.Put(key, value, family?.Handle);

    /// <summary>Adds a delete of <paramref name="key"/>.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="family">The column family; null for the default one.</param>
    /// <exception cref="ObjectDisposedException">The batch (or the column family) is disposed.</exception>
    public void Delete(ReadOnlySpan<byte> key, RocksColumnFamily? family = null) => Batch.Delete(key, family?.Handle);

    /// <summary>
    /// Adds a range delete of the keys in <c>[begin, end)</c>: one range tombstone, written through the write-ahead log
    /// into the memtable like any other write, whatever the range holds (RocksDB's <c>WriteBatch::DeleteRange</c>).
    /// </summary>
    /// <param name="begin">The first key deleted.</param>
    /// <param name="end">The first key not deleted; greater than <paramref name="begin"/>.</param>
    /// <param name="family">The column family; null for the default one.</param>
    /// <exception cref="ObjectDisposedException">The batch (or the column family) is disposed.</exception>
    public void DeleteRange(byte[] begin, byte[] end, RocksColumnFamily? family = null)
    {
        ArgumentNullException.ThrowIfNull(begin);
        ArgumentNullException.ThrowIfNull(end);
        Batch.DeleteRange(begin, (ulong)begin.Length, end, (ulong)end.Length, family?.Handle);
    }

    /// <summary>Removes every operation from the batch.</summary>
    /// <exception cref="ObjectDisposedException">The batch is disposed.</exception>
    public void Clear() => Batch.Clear();

    /// <summary>Destroys the native batch. Idempotent.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _batch.Dispose();
        }
    }
}
