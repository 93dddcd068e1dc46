using RocksDbSharp;
using Streams.RocksDb.Internal;

namespace Streams.RocksDb.Native;

/// <summary>
/// One column family of a <see cref="RocksDatabase"/> opened with column families (<see cref="RocksDatabase.OpenWithColumnFamilies"/>):
/// one time segment of a segmented store. Created by <see cref="RocksDatabase.CreateColumnFamily"/> or found when the
/// database opens; dropped by <see cref="RocksDatabase.DropColumnFamily"/>, which releases its native handle; the rest
/// are released when the database is disposed. Its memtables are sized as one of the database's shares of the memory
/// budget (creating or dropping it changes no share); as an <see cref="IMemtableOwner"/> it gives its own properties
/// for the segment's metrics. Any use after it was dropped or its database disposed throws <see cref="ObjectDisposedException"/>.
/// </summary>
internal sealed class RocksColumnFamily : IMemtableOwner
{
    private readonly ColumnFamilyHandle _handle;

    internal RocksColumnFamily(RocksDatabase database, string name, ColumnFamilyHandle handle)
    {
        Database = database;
        Name = name;
        _handle = handle;
    }

    /// <summary>The database the column family belongs to.</summary>
    public RocksDatabase Database { get; }

    /// <summary>The column family's name.</summary>
    public string Name { get; }

    /// <summary>Whether it was dropped, or its database disposed (its handle released).</summary>
    public bool IsReleased { get; private set; }

    /// <summary>Whether the native handle is destroyed (for tests of native resource release).</summary>
    public bool NativeHandleReleased => _handle.Handle == nint.Zero;

    /// <summary>The write buffer size of one of its database's budget shares, in bytes (applied to it); null once its database is disposed.</summary>
    public long? WriteBufferSize => IsReleased ? null : Database.WriteBufferSize;

    /// <summary>The number of iterators open on it.</summary>
    public int OpenIteratorCount => Database.OpenIteratorCountOf(this);

    /// <summary>The package's handle, for reads, writes, batches and iterators.</summary>
    /// <exception cref="ObjectDisposedException">It was dropped or its database disposed.</exception>
    internal ColumnFamilyHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsReleased, this);
            return _handle;
        }
    }

    /// <summary>Changes mutable options of the column family (RocksDB's <c>SetOptions(cf, ...)</c>), such as <c>write_buffer_size</c>.</summary>
    /// <param name="options">Option names and values as text.</param>
    /// <exception cref="RocksDbException">RocksDB rejected an option or value.</exception>
    /// <exception cref="ObjectDisposedException">It was dropped or its database disposed.</exception>
    public void SetOptions(params ReadOnlySpan<KeyValuePair<string, string>> options) => Database.SetOptions(this, options);

    /// <summary>Reads an integer property of the column family, such as <c>"rocksdb.estimate-num-keys"</c>.</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or null when the property is unknown or not an integer.</returns>
    /// <exception cref="ObjectDisposedException">It was dropped or its database disposed.</exception>
    public ulong? GetIntProperty(string name) => Database.GetIntProperty(name, this);

    /// <summary>Marks it released and destroys its native handle (its database has forgotten it). Idempotent.</summary>
    internal void Release(bool destroyHandle)
    {
        IsReleased = true;
        if (destroyHandle && _handle is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
