using System.Runtime.InteropServices;

namespace Streams.RocksDb.Native;

/// <summary>
/// Base of the RocksDB handles: a pointer owned by the handle, invalid when zero. Subclasses destroy it
/// with the matching <c>rocksdb_*_destroy</c>. The public parameterless constructors are used by the
/// P/Invoke marshaller when a native call returns a handle.
/// </summary>
internal abstract class RocksDbHandle : SafeHandle
{
    protected RocksDbHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;
}

/// <summary>An open <c>rocksdb_t*</c>; released by <c>rocksdb_close</c> once no iterator still refers to it.</summary>
internal sealed class DbHandle : RocksDbHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_close(handle);
        return true;
    }
}

/// <summary>A <c>rocksdb_options_t*</c>.</summary>
internal sealed class OptionsHandle : RocksDbHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_options_destroy(handle);
        return true;
    }
}

/// <summary>
/// A <c>rocksdb_readoptions_t*</c>, plus the native copy of its iterate upper bound: the C API keeps only a
/// pointer to the bound's bytes (a <c>Slice</c>), so they must live as long as the options.
/// </summary>
internal sealed unsafe class ReadOptionsHandle : RocksDbHandle
{
    private byte* _upperBound;

    /// <summary>Sets the exclusive upper bound of iterators created with these options (once per handle).</summary>
    /// <param name="upperBoundExclusive">The first key iterators must not return.</param>
    internal void SetIterateUpperBound(ReadOnlySpan<byte> upperBoundExclusive)
    {
        if (_upperBound is not null)
        {
            throw new InvalidOperationException("The upper bound is already set.");
        }

        // One byte at least, so that an empty bound still has a valid non-null address.
        _upperBound = (byte*)NativeMemory.Alloc((nuint)Math.Max(upperBoundExclusive.Length, 1));
        upperBoundExclusive.CopyTo(new Span<byte>(_upperBound, upperBoundExclusive.Length));
        NativeMethods.rocksdb_readoptions_set_iterate_upper_bound(this, _upperBound, (nuint)upperBoundExclusive.Length);
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_readoptions_destroy(handle);
        if (_upperBound is not null)
        {
            NativeMemory.Free(_upperBound);
            _upperBound = null;
        }

        return true;
    }
}

/// <summary>A <c>rocksdb_writeoptions_t*</c>.</summary>
internal sealed class WriteOptionsHandle : RocksDbHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_writeoptions_destroy(handle);
        return true;
    }
}

/// <summary>A <c>rocksdb_flushoptions_t*</c>.</summary>
internal sealed class FlushOptionsHandle : RocksDbHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_flushoptions_destroy(handle);
        return true;
    }
}

/// <summary>A <c>rocksdb_writebatch_t*</c>.</summary>
internal sealed class WriteBatchHandle : RocksDbHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_writebatch_destroy(handle);
        return true;
    }
}

/// <summary>A <c>rocksdb_block_based_table_options_t*</c>; the table factory copies it, so it may be released after use.</summary>
internal sealed class BlockBasedTableOptionsHandle : RocksDbHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_block_based_options_destroy(handle);
        return true;
    }
}

/// <summary>
/// A <c>rocksdb_cache_t*</c>: a wrapper around a shared pointer. Table options copy the shared pointer,
/// so databases keep the cache alive after this handle is released.
/// </summary>
internal sealed class CacheHandle : RocksDbHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_cache_destroy(handle);
        return true;
    }
}

/// <summary>
/// A <c>rocksdb_iterator_t*</c>. It holds a reference on the database handle and on the read options it was
/// created with (which carry its upper bound), so neither is destroyed before the iterator, whatever the
/// order in which handles are disposed or finalized.
/// </summary>
internal sealed class IteratorHandle : RocksDbHandle
{
    private SafeHandle? _db;
    private SafeHandle? _readOptions;

    /// <summary>Keeps <paramref name="db"/> and <paramref name="readOptions"/> alive until this iterator is destroyed.</summary>
    internal void DependOn(SafeHandle db, SafeHandle readOptions)
    {
        var dbAdded = false;
        var optionsAdded = false;
        try
        {
            db.DangerousAddRef(ref dbAdded);
            readOptions.DangerousAddRef(ref optionsAdded);
        }
        catch
        {
            if (dbAdded)
            {
                db.DangerousRelease();
            }

            throw;
        }

        _db = db;
        _readOptions = readOptions;
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.rocksdb_iter_destroy(handle);
        _readOptions?.DangerousRelease();
        _db?.DangerousRelease();
        return true;
    }
}
