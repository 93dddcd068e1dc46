using Streams.RocksDb.Native;

namespace Streams.RocksDb.Tests.Native;

public sealed class RocksDbExceptionTests
{
    [Theory]
    [InlineData("IO error: While lock file: /s/rocksdb/counts/LOCK: Resource temporarily unavailable", nameof(RocksDbStatusKind.Locked))]
    [InlineData("IO error: lock hold by current process, acquire time 1700000000 acquiring thread 1: /s/LOCK: No locks available", nameof(RocksDbStatusKind.Locked))]
    [InlineData("IO error: No space left on device", nameof(RocksDbStatusKind.IOError))]
    [InlineData("Corruption: CURRENT file does not end with newline", nameof(RocksDbStatusKind.Corruption))]
    [InlineData("Corruption: file is too short (115568 bytes) to be an sstable/s/000009.sst in file /s/MANIFEST-000005", nameof(RocksDbStatusKind.Corruption))]
    [InlineData("IO error: No such file or directory: While opening a file for sequentially reading: /s/MANIFEST-000005: No such file or directory", nameof(RocksDbStatusKind.Corruption))]
    [InlineData("IO error: No such file or directory: While mkdir if missing: /s/x: No such file or directory", nameof(RocksDbStatusKind.IOError))]
    [InlineData("Invalid argument: /x: does not exist (create_if_missing is false)", nameof(RocksDbStatusKind.InvalidArgument))]
    [InlineData("Not implemented: something", nameof(RocksDbStatusKind.NotSupported))]
    [InlineData("Operation aborted: x", nameof(RocksDbStatusKind.Other))]
    public void The_kind_is_parsed_from_the_status_text(string message, string kind)
    {
        var e = new RocksDbException(message);

        e.Kind.Should().Be(Enum.Parse<RocksDbStatusKind>(kind));
        e.Message.Should().Be(message);
    }

    [Fact]
    public void ThrowIfError_does_nothing_when_no_error_was_written()
    {
        var act = () => RocksDbException.ThrowIfError(nint.Zero);

        act.Should().NotThrow();
    }
}
