using Streams.RocksDb.Internal;
using Streams.RocksDb.Native;
using Streams.RocksDb.Tests.TestSupport;
using static Streams.RocksDb.Tests.TestSupport.Bytes;

namespace Streams.RocksDb.Tests.Internal;

public sealed class RocksDbRangeIteratorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly RocksDatabase _db;

    public RocksDbRangeIteratorTests()
    {
        _db = RocksDatabase.Open(_dir.Combine("db"), new RocksDbOptions());
        _db.Put(Of("a"), Of("1"));
        _db.Put(Of("b"), Of("2"));
    }

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    private RocksDbRangeIterator Iterator()
    {
        var it = _db.NewIterator();
        it.SeekToFirst();
        return new RocksDbRangeIterator(it, "store");
    }

    [Fact]
    public void Entries_are_copies_that_stay_valid_after_the_iterator_moves_on()
    {
        using var it = Iterator();
        it.MoveNext().Should().BeTrue();
        var first = it.Current;

        it.MoveNext().Should().BeTrue();
        it.MoveNext().Should().BeFalse();
        it.MoveNext().Should().BeFalse();

        Str(first.Key).Should().Be("a");
        Str(first.Value).Should().Be("1");
    }

    [Fact]
    public void Reset_is_not_supported()
    {
        using var it = Iterator();

        ((Action)it.Reset).Should().Throw<NotSupportedException>();
    }

    [Fact]
    public void Disposing_releases_the_native_iterator_and_later_reads_throw()
    {
        var it = Iterator();
        it.Dispose();

        _db.OpenIteratorCount.Should().Be(0);
        ((Action)(() => it.MoveNext())).Should().Throw<ObjectDisposedException>();
    }
}
