using Streams.RocksDb.Native;
using Streams.RocksDb.Tests.TestSupport;
using static Streams.RocksDb.Tests.TestSupport.Bytes;

namespace Streams.RocksDb.Tests.Native;

public sealed class RocksIteratorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly RocksDatabase _db;

    public RocksIteratorTests()
    {
        _db = RocksDatabase.Open(_dir.Combine("db"), new RocksDbOptions());
        foreach (var k in new[] { "a", "b", "ba", "bb", "c" })
        {
            _db.Put(Of(k), Of(k.ToUpperInvariant()));
        }
    }

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    private static List<string> Drain(RocksIterator it)
    {
        var keys = new List<string>();
        for (; it.Valid; it.Next())
        {
            keys.Add(Str(it.Key()));
        }

        return keys;
    }

    [Fact]
    public void Seek_positions_on_the_first_key_at_or_after_the_target()
    {
        using var it = _db.NewIterator();

        it.Seek(Of("b"));
        Str(it.Key()).Should().Be("b");
        Str(it.Value()).Should().Be("B");

        it.Seek(Of("b0"));
        Str(it.Key()).Should().Be("ba");

        it.Seek(Of("d"));
        it.Valid.Should().BeFalse();
    }

    [Fact]
    public void SeekToFirst_then_Next_walks_every_key_in_order()
    {
        using var it = _db.NewIterator();
        it.SeekToFirst();

        Drain(it).Should().Equal("a", "b", "ba", "bb", "c");
        it.ThrowIfFailed();
    }

    [Fact]
    public void An_upper_bound_is_exclusive()
    {
        using var it = _db.NewIterator(Of("bb"));
        it.Seek(Of("b"));

        Drain(it).Should().Equal("b", "ba");
    }

    [Fact]
    public void An_iterator_is_a_point_in_time_view()
    {
        using var it = _db.NewIterator();
        _db.Put(Of("aa"), Of("new"));
        _db.Delete(Of("c"));

        it.SeekToFirst();

        Drain(it).Should().Equal("a", "b", "ba", "bb", "c");
    }

    [Fact]
    public void Spans_view_the_current_entry()
    {
        using var it = _db.NewIterator();
        it.Seek(Of("bb"));

        it.KeySpan().SequenceEqual(Of("bb")).Should().BeTrue();
        it.ValueSpan().SequenceEqual(Of("BB")).Should().BeTrue();
    }

    [Fact]
    public void Reading_or_moving_an_unpositioned_iterator_throws_instead_of_crashing()
    {
        using var it = _db.NewIterator();
        it.Valid.Should().BeFalse();

        ((Action)(() => it.Next())).Should().Throw<InvalidOperationException>();
        ((Action)(() => it.Key())).Should().Throw<InvalidOperationException>();

        it.Seek(Of("z"));
        ((Action)(() => it.Value())).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void A_disposed_iterator_throws_ObjectDisposedException()
    {
        var it = _db.NewIterator();
        it.SeekToFirst();
        it.Dispose();

        ((Action)(() => it.Next())).Should().Throw<ObjectDisposedException>();
        ((Action)(() => it.SeekToFirst())).Should().Throw<ObjectDisposedException>();
        ((Action)(() => it.ThrowIfFailed())).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void An_iterator_of_a_closed_database_throws_ObjectDisposedException()
    {
        using var dir = new TempDirectory();
        var db = RocksDatabase.Open(dir.Combine("db"), new RocksDbOptions());
        db.Put(Of("k"), Of("v"));
        var it = db.NewIterator();
        it.SeekToFirst();
        it.Valid.Should().BeTrue();

        db.Dispose();

        ((Action)(() => it.Key())).Should().Throw<ObjectDisposedException>();
        ((Action)(() => it.Next())).Should().Throw<ObjectDisposedException>();
    }
}
