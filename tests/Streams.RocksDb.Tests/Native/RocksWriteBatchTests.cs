using Streams.RocksDb.Native;
using Streams.RocksDb.Tests.TestSupport;
using static Streams.RocksDb.Tests.TestSupport.Bytes;

namespace Streams.RocksDb.Tests.Native;

public sealed class RocksWriteBatchTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Count_counts_operations_and_Clear_empties_the_batch()
    {
        using var batch = new RocksWriteBatch();
        batch.Count.Should().Be(0);

        batch.Put(Of("a"), Of("1"));
        batch.Delete(Of("b"));
        batch.Count.Should().Be(2);

        batch.Clear();
        batch.Count.Should().Be(0);
    }

    [Fact]
    public void Operations_apply_in_order_so_the_last_one_for_a_key_wins()
    {
        using var db = RocksDatabase.Open(_dir.Combine("db"), new RocksDbOptions());
        using var batch = new RocksWriteBatch();
        batch.Put(Of("k"), Of("1"));
        batch.Delete(Of("k"));
        batch.Put(Of("k"), Of("2"));
        batch.Put(Of("x"), Of("1"));
        batch.Delete(Of("x"));

        db.Write(batch);

        Str(db.Get(Of("k"))).Should().Be("2");
        db.Get(Of("x")).Should().BeNull();
    }

    [Fact]
    public void A_cleared_batch_can_be_reused()
    {
        using var db = RocksDatabase.Open(_dir.Combine("db"), new RocksDbOptions());
        using var batch = new RocksWriteBatch();
        batch.Put(Of("first"), Of("1"));
        db.Write(batch);
        batch.Clear();

        batch.Put(Of("second"), Of("2"));
        db.Write(batch);

        Str(db.Get(Of("first"))).Should().Be("1");
        Str(db.Get(Of("second"))).Should().Be("2");
    }

    [Fact]
    public void A_disposed_batch_throws_ObjectDisposedException()
    {
        var batch = new RocksWriteBatch();
        batch.Dispose();
        batch.Dispose();

        ((Action)(() => batch.Put(Of("k"), Of("v")))).Should().Throw<ObjectDisposedException>();
        ((Action)(() => _ = batch.Count)).Should().Throw<ObjectDisposedException>();
    }
}
