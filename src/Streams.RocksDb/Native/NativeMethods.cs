using System.Runtime.InteropServices;

namespace Streams.RocksDb.Native;

/// <summary>
/// P/Invoke declarations for the RocksDB C API (<c>rocksdb/c.h</c>), resolved as <c>"rocksdb"</c>, which the
/// runtime probes as <c>librocksdb.so</c> on Linux (Debian's <c>librocksdb-dev</c>, RocksDB 7.8.3).
/// Functions that can fail take <c>char** errptr</c>: on failure it receives a malloc'd message that
/// <see cref="RocksDbException.ThrowIfError"/> converts and frees with <c>rocksdb_free</c>.
/// Owned objects are passed as <see cref="SafeHandle"/>s so a call never runs on a destroyed object.
/// </summary>
internal static unsafe partial class NativeMethods
{
    private const string Lib = "rocksdb";

    // ---- database ----

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DbHandle rocksdb_open(OptionsHandle options, string name, out nint errptr);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_close(nint db);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_put(DbHandle db, WriteOptionsHandle options, byte* key, nuint keylen, byte* val, nuint vallen, out nint errptr);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_delete(DbHandle db, WriteOptionsHandle options, byte* key, nuint keylen, out nint errptr);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_write(DbHandle db, WriteOptionsHandle options, WriteBatchHandle batch, out nint errptr);

    [LibraryImport(Lib)]
    internal static partial nint rocksdb_get_pinned(DbHandle db, ReadOptionsHandle options, byte* key, nuint keylen, out nint errptr);

    [LibraryImport(Lib)]
    internal static partial byte* rocksdb_pinnableslice_value(nint slice, out nuint vlen);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_pinnableslice_destroy(nint slice);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_flush(DbHandle db, FlushOptionsHandle options, out nint errptr);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_flush_wal(DbHandle db, byte sync, out nint errptr);

    /// <summary>Returns 0 on success, -1 when the property is unknown or not an integer.</summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rocksdb_property_int(DbHandle db, string propname, out ulong outVal);

    /// <summary>Returns a malloc'd string to free with <see cref="rocksdb_free"/>, or null when unknown.</summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint rocksdb_property_value(DbHandle db, string propname);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_free(nint ptr);

    /// <summary>
    /// Changes mutable column-family options of an open database (RocksDB's <c>DB::SetOptions</c>), for example
    /// <c>write_buffer_size</c>, all at once; <paramref name="keys"/> and <paramref name="values"/> are arrays of
    /// <paramref name="count"/> UTF-8 C strings. RocksDB writes a new OPTIONS file on success.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial void rocksdb_set_options(DbHandle db, int count, nint* keys, nint* values, out nint errptr);

    // ---- options ----

    [LibraryImport(Lib)]
    internal static partial OptionsHandle rocksdb_options_create();

    [LibraryImport(Lib)]
    internal static partial void rocksdb_options_destroy(nint options);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_options_set_create_if_missing(OptionsHandle options, byte value);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_options_set_keep_log_file_num(OptionsHandle options, nuint value);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_options_set_write_buffer_size(OptionsHandle options, nuint value);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_options_set_max_write_buffer_number(OptionsHandle options, int value);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_options_set_arena_block_size(OptionsHandle options, nuint value);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_options_set_max_open_files(OptionsHandle options, int value);

    /// <summary><paramref name="value"/>: <c>rocksdb_no_compression</c> = 0, snappy = 1, lz4 = 4, zstd = 7.</summary>
    [LibraryImport(Lib)]
    internal static partial void rocksdb_options_set_compression(OptionsHandle options, int value);

    /// <summary><paramref name="value"/>: <c>rocksdb_level_compaction</c> = 0, universal = 1.</summary>
    [LibraryImport(Lib)]
    internal static partial void rocksdb_options_set_compaction_style(OptionsHandle options, int value);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_options_set_level_compaction_dynamic_level_bytes(OptionsHandle options, byte value);

    /// <summary>Gives the options their own <c>Statistics</c> object (tickers and histograms, a few percent of CPU).</summary>
    [LibraryImport(Lib)]
    internal static partial void rocksdb_options_enable_statistics(OptionsHandle options);

    /// <summary>The statistics as text (a malloc'd string to free with <see cref="rocksdb_free"/>), or null when they are not enabled.</summary>
    [LibraryImport(Lib)]
    internal static partial nint rocksdb_options_statistics_get_string(OptionsHandle options);

    /// <summary>
    /// Overwrites <paramref name="newOptions"/> with <paramref name="baseOptions"/> changed by <paramref name="optionsString"/>
    /// (RocksDB's <c>GetOptionsFromString</c>: <c>"name=value;name=value"</c>, the names of the OPTIONS file).
    /// </summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void rocksdb_get_options_from_string(OptionsHandle baseOptions, string optionsString, OptionsHandle newOptions, out nint errptr);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_options_set_block_based_table_factory(OptionsHandle options, BlockBasedTableOptionsHandle tableOptions);

    [LibraryImport(Lib)]
    internal static partial BlockBasedTableOptionsHandle rocksdb_block_based_options_create();

    [LibraryImport(Lib)]
    internal static partial void rocksdb_block_based_options_destroy(nint options);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_block_based_options_set_block_cache(BlockBasedTableOptionsHandle options, CacheHandle cache);

    /// <summary>Takes ownership of <paramref name="filterPolicy"/>: never destroy it afterwards.</summary>
    [LibraryImport(Lib)]
    internal static partial void rocksdb_block_based_options_set_filter_policy(BlockBasedTableOptionsHandle options, nint filterPolicy);

    [LibraryImport(Lib)]
    internal static partial nint rocksdb_filterpolicy_create_bloom_full(double bitsPerKey);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_block_based_options_set_cache_index_and_filter_blocks(BlockBasedTableOptionsHandle options, byte value);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_block_based_options_set_cache_index_and_filter_blocks_with_high_priority(BlockBasedTableOptionsHandle options, byte value);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_block_based_options_set_pin_l0_filter_and_index_blocks_in_cache(BlockBasedTableOptionsHandle options, byte value);

    [LibraryImport(Lib)]
    internal static partial CacheHandle rocksdb_cache_create_lru(nuint capacity);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_cache_destroy(nint cache);

    [LibraryImport(Lib)]
    internal static partial nuint rocksdb_cache_get_capacity(CacheHandle cache);

    [LibraryImport(Lib)]
    internal static partial nuint rocksdb_cache_get_usage(CacheHandle cache);

    /// <summary>Changes the capacity; lowering it evicts unreferenced entries at once (zero empties the cache).</summary>
    [LibraryImport(Lib)]
    internal static partial void rocksdb_cache_set_capacity(CacheHandle cache, nuint capacity);

    [LibraryImport(Lib)]
    internal static partial nuint rocksdb_cache_get_pinned_usage(CacheHandle cache);

    [LibraryImport(Lib)]
    internal static partial ReadOptionsHandle rocksdb_readoptions_create();

    [LibraryImport(Lib)]
    internal static partial void rocksdb_readoptions_destroy(nint options);

    /// <summary>
    /// Does NOT copy the bound: the options keep a pointer to <paramref name="key"/>, which must stay valid (and
    /// unmoved) while the options or any iterator created with them live. See <see cref="ReadOptionsHandle.SetIterateUpperBound"/>.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial void rocksdb_readoptions_set_iterate_upper_bound(ReadOptionsHandle options, byte* key, nuint keylen);

    [LibraryImport(Lib)]
    internal static partial WriteOptionsHandle rocksdb_writeoptions_create();

    [LibraryImport(Lib)]
    internal static partial void rocksdb_writeoptions_destroy(nint options);

    [LibraryImport(Lib)]
    internal static partial FlushOptionsHandle rocksdb_flushoptions_create();

    [LibraryImport(Lib)]
    internal static partial void rocksdb_flushoptions_destroy(nint options);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_flushoptions_set_wait(FlushOptionsHandle options, byte wait);

    // ---- write batch ----

    [LibraryImport(Lib)]
    internal static partial WriteBatchHandle rocksdb_writebatch_create();

    [LibraryImport(Lib)]
    internal static partial void rocksdb_writebatch_destroy(nint batch);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_writebatch_clear(WriteBatchHandle batch);

    [LibraryImport(Lib)]
    internal static partial int rocksdb_writebatch_count(WriteBatchHandle batch);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_writebatch_put(WriteBatchHandle batch, byte* key, nuint klen, byte* val, nuint vlen);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_writebatch_delete(WriteBatchHandle batch, byte* key, nuint klen);

    // ---- iterator ----

    [LibraryImport(Lib)]
    internal static partial IteratorHandle rocksdb_create_iterator(DbHandle db, ReadOptionsHandle options);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_iter_destroy(nint iterator);

    [LibraryImport(Lib)]
    internal static partial byte rocksdb_iter_valid(IteratorHandle iterator);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_iter_seek_to_first(IteratorHandle iterator);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_iter_seek(IteratorHandle iterator, byte* key, nuint klen);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_iter_next(IteratorHandle iterator);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_iter_prev(IteratorHandle iterator);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_iter_seek_to_last(IteratorHandle iterator);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_iter_seek_for_prev(IteratorHandle iterator, byte* key, nuint klen);

    [LibraryImport(Lib)]
    internal static partial byte* rocksdb_iter_key(IteratorHandle iterator, out nuint klen);

    [LibraryImport(Lib)]
    internal static partial byte* rocksdb_iter_value(IteratorHandle iterator, out nuint vlen);

    [LibraryImport(Lib)]
    internal static partial void rocksdb_iter_get_error(IteratorHandle iterator, out nint errptr);
}
