using System.Buffers;
using System.Text;

namespace Streams.RocksDb;

/// <summary>
/// The per-store RocksDB settings that <see cref="RocksDbOptions.ConfigureStore"/> may change before a store
/// opens, as the <c>Options</c> that Kafka Streams' <c>RocksDBConfigSetter.setConfig</c> receives. A fresh
/// instance, holding the defaults below, is made for every store each time it opens. What is shared by all the
/// stores of one <see cref="RocksDbOptions"/> (the memory budget, the block cache, write buffer sizes, the bloom
/// filter) is not here and cannot be changed per store.
/// </summary>
public sealed class RocksDbStoreSettings
{
    private static readonly string[] BudgetManagedOptions =
        ["write_buffer_size", "max_write_buffer_number", "db_write_buffer_size", "max_write_buffer_size_to_maintain", "max_write_buffer_number_to_maintain"];

    private static readonly SearchValues<char> NotInNames = SearchValues.Create("=; \t\r\n{}");

    private readonly List<KeyValuePair<string, string>> _options = [];
    private int _maxOpenFiles = 256;

    internal RocksDbStoreSettings(string storeName, string directory)
    {
        StoreName = storeName;
        Directory = directory;
    }

    /// <summary>The name of the store being opened (for a window store, the window store's name).</summary>
    public string StoreName { get; }

    /// <summary>The RocksDB directory of the store: <c>{stateDir}/{applicationId}/{taskId}/rocksdb/{StoreName}</c>.</summary>
    public string Directory { get; }

    /// <summary>How SST blocks are compressed.</summary>
    /// <value>Default <see cref="RocksDbCompression.None"/>, as Kafka Streams' <c>RocksDBStore</c>.</value>
    public RocksDbCompression Compression { get; set; } = RocksDbCompression.None;

    /// <summary>How SST files are compacted.</summary>
    /// <value>Default <see cref="RocksDbCompactionStyle.Level"/> (with dynamic level sizes); Kafka Streams uses <see cref="RocksDbCompactionStyle.Universal"/>.</value>
    public RocksDbCompactionStyle CompactionStyle { get; set; } = RocksDbCompactionStyle.Level;

    /// <summary>
    /// How many SST files the store keeps open (RocksDB's <c>max_open_files</c>), which bounds its file
    /// descriptors and table-reader objects; -1 keeps every file open. Index and filter blocks live in the shared
    /// block cache whatever this is, so reopening an evicted file costs a footer read, not a reload of its index.
    /// </summary>
    /// <value>Default 256 per store. RocksDB raises values from 0 to 19 to 20.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than -1.</exception>
    public int MaxOpenFiles
    {
        get => _maxOpenFiles;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, -1);
            _maxOpenFiles = value;
        }
    }

    /// <summary>
    /// Whether the store keeps RocksDB statistics (tickers such as block cache hits and misses), which
    /// <see cref="RocksDbMetrics"/> reports as <c>streams.rocksdb.block_cache.hits</c>, <c>.misses</c> and
    /// <c>.hit_ratio</c>. Statistics cost a few percent of CPU on every operation, hence off by default.
    /// </summary>
    /// <value>Default false.</value>
    public bool EnableStatistics { get; set; }

    /// <summary>The raw options added with <see cref="SetOption"/>, in the order they were set.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RawOptions => _options;

    /// <summary>
    /// Sets any other RocksDB database or column-family option by the name it has in RocksDB's OPTIONS file
    /// (applied with RocksDB's <c>GetOptionsFromString</c> after the settings above), for example
    /// <c>SetOption("level0_file_num_compaction_trigger", "8")</c> or <c>SetOption("max_background_jobs", "4")</c>.
    /// RocksDB checks names and values when the store opens; an unknown name or a bad value makes the open fail
    /// with a <see cref="Streams.State.StateStoreException"/> quoting RocksDB. Table options (block size, block
    /// cache) cannot be set this way.
    /// </summary>
    /// <param name="name">The option name, such as <c>target_file_size_base</c>.</param>
    /// <param name="value">The value as RocksDB writes it in an OPTIONS file, such as <c>67108864</c> or <c>true</c>.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="name"/> is empty or contains <c>=</c>, <c>;</c> or whitespace, <paramref name="value"/> is empty,
    /// or the option is one of the write buffer options that <see cref="RocksDbOptions.MemoryBudgetBytes"/> manages
    /// (<c>write_buffer_size</c>, <c>max_write_buffer_number</c>, <c>db_write_buffer_size</c> and the <c>*_to_maintain</c> pair).
    /// </exception>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="value"/> is null.</exception>
    public void SetOption(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (name.AsSpan().IndexOfAny(NotInNames) >= 0)
        {
            throw new ArgumentException($"'{name}' is not a RocksDB option name.", nameof(name));
        }

        if (BudgetManagedOptions.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"'{name}' is sized from RocksDbOptions.MemoryBudgetBytes for all stores together; change MemoryBudgetBytes or WriteBufferRatio instead.",
                nameof(name));
        }

        _options.Add(new(name, value));
    }

    /// <summary>The raw options as one RocksDB options string, <c>"a=1;b=2"</c>, or null when there are none.</summary>
    internal string? RawOptionsString()
    {
        if (_options.Count == 0)
        {
            return null;
        }

        var sb = new StringBuilder();
        foreach (var (name, value) in _options)
        {
            sb.Append(name).Append('=').Append(value).Append(';');
        }

        return sb.ToString();
    }
}
