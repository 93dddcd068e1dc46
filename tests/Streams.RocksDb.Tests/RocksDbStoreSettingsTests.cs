namespace Streams.RocksDb.Tests;

public sealed class RocksDbStoreSettingsTests
{
    private static RocksDbStoreSettings New() => new("counts", "/state/app/0_0/rocksdb/counts");

    [Fact]
    public void Defaults_are_no_compression_level_compaction_256_open_files_and_no_statistics()
    {
        var settings = New();

        settings.StoreName.Should().Be("counts");
        settings.Directory.Should().Be("/state/app/0_0/rocksdb/counts");
        settings.Compression.Should().Be(RocksDbCompression.None);
        settings.CompactionStyle.Should().Be(RocksDbCompactionStyle.Level);
        settings.MaxOpenFiles.Should().Be(256);
        settings.EnableStatistics.Should().BeFalse();
        settings.RawOptions.Should().BeEmpty();
        settings.RawOptionsString().Should().BeNull();
    }

    [Fact]
    public void Raw_options_are_kept_in_order_and_joined_as_a_RocksDB_options_string()
    {
        var settings = New();

        settings.SetOption("level0_file_num_compaction_trigger", "8");
        settings.SetOption("max_background_jobs", "4");

        settings.RawOptions.Select(o => $"{o.Key}={o.Value}").Should().Equal("level0_file_num_compaction_trigger=8", "max_background_jobs=4");
        settings.RawOptionsString().Should().Be("level0_file_num_compaction_trigger=8;max_background_jobs=4;");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a=b")]
    [InlineData("a;b")]
    [InlineData("a b")]
    [InlineData("write_buffer_size")]
    [InlineData("max_write_buffer_number")]
    [InlineData("db_write_buffer_size")]
    public void Bad_or_budget_managed_option_names_are_rejected(string name) =>
        ((Action)(() => New().SetOption(name, "1"))).Should().Throw<ArgumentException>();

    [Fact]
    public void Empty_values_and_open_file_limits_below_minus_one_are_rejected()
    {
        ((Action)(() => New().SetOption("max_background_jobs", ""))).Should().Throw<ArgumentException>();
        ((Action)(() => New().MaxOpenFiles = -2)).Should().Throw<ArgumentOutOfRangeException>();
        var settings = New();
        settings.MaxOpenFiles = -1;
        settings.MaxOpenFiles.Should().Be(-1);
    }
}
