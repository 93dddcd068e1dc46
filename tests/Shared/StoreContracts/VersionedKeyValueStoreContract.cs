using System.Text;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;
using static Streams.State.VersionedKeyValueStore;

namespace Streams.StoreContracts;

/// <summary>
/// What every versioned key-value store must do, as Kafka Streams' <c>VersionedKeyValueStore</c> (KIP-889, KIP-968):
/// run against the in-memory and the RocksDB store through the real change-logging and typed layers.
/// </summary>
public abstract class VersionedKeyValueStoreContract : StoreContract
{
    private static readonly TimeSpan LongRetention = TimeSpan.FromDays(1);

    /// <summary>A supplier of the store kind under test.</summary>
    protected abstract IVersionedBytesStoreSupplier Supplier(string name, TimeSpan historyRetention);

    protected (IVersionedKeyValueStore<string, string> Store, ContractStoreContext Context) Open(TimeSpan? historyRetention = null)
    {
        var context = NewContext();
        var bytes = new ChangeLoggingVersionedBytesStore(Supplier("versions", historyRetention ?? LongRetention).Get());
        return (Opened(new MeteredVersionedKeyValueStore<string, string>(bytes, Serdes.String!, Serdes.String!), context), context);
    }

    [Fact]
    public void Get_returns_the_latest_version_by_timestamp_with_an_open_valid_to()
    {
        var (store, _) = Open();

        store.Put("k", "v1", 10).Should().Be(PutReturnCodeValidToUndefined);
        store.Put("k", "v2", 20).Should().Be(PutReturnCodeValidToUndefined);

        store.Get("k").Should().Be(new VersionedRecord<string>("v2", 20));
        store.Get("absent").Should().BeNull();
        store.HistoryRetentionMs.Should().Be((long)LongRetention.TotalMilliseconds);
    }

    [Fact]
    public void A_version_is_valid_from_its_timestamp_inclusive_to_the_next_one_exclusive()
    {
        var (store, _) = Open();
        store.Put("k", "v1", 10);
        store.Put("k", "v2", 20);

        store.Get("k", 9).Should().BeNull();
        store.Get("k", 10).Should().Be(new VersionedRecord<string>("v1", 10, 20));
        store.Get("k", 19).Should().Be(new VersionedRecord<string>("v1", 10, 20));
        store.Get("k", 20).Should().Be(new VersionedRecord<string>("v2", 20));
        store.Get("k", long.MaxValue).Should().Be(new VersionedRecord<string>("v2", 20));
    }

    [Fact]
    public void An_out_of_order_put_goes_into_the_history_and_returns_its_valid_to()
    {
        var (store, _) = Open();
        store.Put("k", "v1", 10);
        store.Put("k", "v3", 30);

        store.Put("k", "v2", 20).Should().Be(30);

        store.Get("k").Should().Be(new VersionedRecord<string>("v3", 30));
        store.Get("k", 25).Should().Be(new VersionedRecord<string>("v2", 20, 30));
        store.Get("k", 15).Should().Be(new VersionedRecord<string>("v1", 10, 20));
    }

    [Fact]
    public void A_put_older_than_every_version_is_valid_until_the_oldest_one()
    {
        var (store, _) = Open();
        store.Put("k", "v2", 20);
        store.Put("k", "v3", 30);

        store.Put("k", "v1", 10).Should().Be(20);

        store.Get("k", 9).Should().BeNull();
        store.Get("k", 10).Should().Be(new VersionedRecord<string>("v1", 10, 20));
        store.Get("k", 20).Should().Be(new VersionedRecord<string>("v2", 20, 30));
    }

    [Fact]
    public void A_put_at_the_timestamp_of_an_existing_version_replaces_its_value_and_keeps_its_validity()
    {
        var (store, _) = Open();
        store.Put("k", "v1", 10);
        store.Put("k", "v2", 20);

        store.Put("k", "x", 10).Should().Be(20);
        store.Put("k", "y", 20).Should().Be(PutReturnCodeValidToUndefined);

        store.Get("k", 10).Should().Be(new VersionedRecord<string>("x", 10, 20));
        store.Get("k").Should().Be(new VersionedRecord<string>("y", 20));
    }

    [Fact]
    public void A_delete_is_a_tombstone_version_and_returns_the_version_it_ends()
    {
        var (store, _) = Open();
        store.Put("k", "v1", 10);

        store.Delete("k", 20).Should().Be(new VersionedRecord<string>("v1", 10));

        store.Get("k").Should().BeNull();
        store.Get("k", 19).Should().Be(new VersionedRecord<string>("v1", 10, 20));
        store.Get("k", 20).Should().BeNull();
        store.Put("k", "v3", 30).Should().Be(PutReturnCodeValidToUndefined);
        store.Get("k", 25).Should().BeNull();
        store.Get("k").Should().Be(new VersionedRecord<string>("v3", 30));
    }

    [Fact]
    public void A_put_of_null_deletes_from_its_timestamp_on()
    {
        var (store, _) = Open();
        store.Put("k", "v1", 10);

        store.Put("k", null, 20).Should().Be(PutReturnCodeValidToUndefined);

        store.Get("k").Should().BeNull();
        store.Get("k", 15).Should().Be(new VersionedRecord<string>("v1", 10, 20));
    }

    [Fact]
    public void An_out_of_order_delete_ends_the_version_before_it_and_returns_it()
    {
        var (store, _) = Open();
        store.Put("k", "v1", 10);
        store.Put("k", "v3", 30);

        store.Delete("k", 20).Should().Be(new VersionedRecord<string>("v1", 10, 30));

        store.Get("k", 15).Should().Be(new VersionedRecord<string>("v1", 10, 20));
        store.Get("k", 25).Should().BeNull();
        store.Get("k").Should().Be(new VersionedRecord<string>("v3", 30));
    }

    [Fact]
    public void A_delete_of_an_absent_key_is_kept_and_bounds_an_older_put()
    {
        var (store, _) = Open();

        store.Delete("k", 20).Should().BeNull();
        store.Put("k", "v1", 10).Should().Be(20);

        store.Get("k").Should().BeNull();
        store.Get("k", 15).Should().Be(new VersionedRecord<string>("v1", 10, 20));
        store.Get("k", 20).Should().BeNull();
    }

    [Fact]
    public void A_put_after_a_trailing_delete_becomes_the_latest_and_ends_the_delete()
    {
        var (store, _) = Open();
        store.Put("k", "v1", 10);
        store.Delete("k", 20);

        store.Put("k", "v2", 20).Should().Be(PutReturnCodeValidToUndefined);

        store.Get("k").Should().Be(new VersionedRecord<string>("v2", 20));
        store.Get("k", 15).Should().Be(new VersionedRecord<string>("v1", 10, 20));
    }

    [Fact]
    public void As_of_reads_at_exactly_stream_time_minus_retention_see_history_and_one_ms_older_do_not()
    {
        var (store, _) = Open(TimeSpan.FromMilliseconds(100));
        store.Put("k", "v1", 0);
        store.Put("k", "v2", 50);
        store.Put("k", "v3", 1_000); // stream time 1000: history is kept for reads at 900 and later

        store.Get("k", 900).Should().Be(new VersionedRecord<string>("v2", 50, 1_000));
        store.Get("k", 899).Should().BeNull();
        store.Get("k", 1_000).Should().Be(new VersionedRecord<string>("v3", 1_000));
    }

    [Fact]
    public void The_latest_version_never_expires_even_for_reads_beyond_the_retention()
    {
        var (store, _) = Open(TimeSpan.FromMilliseconds(100));
        store.Put("k", "v1", 0);
        store.Put("other", "x", 10_000);

        store.Get("k").Should().Be(new VersionedRecord<string>("v1", 0));
        store.Get("k", 5_000).Should().Be(new VersionedRecord<string>("v1", 0));
    }

    [Fact]
    public void Puts_and_deletes_older_than_stream_time_minus_retention_are_not_put()
    {
        var (store, context) = Open(TimeSpan.FromMilliseconds(100));
        store.Put("k", "v", 1_000);

        store.Put("late", "x", 899).Should().Be(PutReturnCodeNotPut);
        store.Delete("k", 899).Should().BeNull();
        store.Put("edge", "y", 900).Should().Be(PutReturnCodeValidToUndefined);

        store.Get("late").Should().BeNull();
        store.Get("k").Should().Be(new VersionedRecord<string>("v", 1_000));
        store.Get("edge").Should().Be(new VersionedRecord<string>("y", 900));
        context.Logged.Select(c => c.Timestamp).Should().Contain([1_000L, 900L]);
    }

    [Fact]
    public void GetVersions_returns_the_versions_overlapping_the_range_in_either_order_without_deletes()
    {
        var (store, _) = Open();
        store.Put("k", "v1", 10);
        store.Put("k", "v2", 20);
        store.Put("k", "v3", 30);
        store.Delete("k", 40);
        store.Put("k", "v5", 50);

        store.GetVersions("k", 15, 35, ResultOrder.Ascending).Should().Equal(
            new VersionedRecord<string>("v1", 10, 20), new VersionedRecord<string>("v2", 20, 30), new VersionedRecord<string>("v3", 30, 40));
        store.GetVersions("k", 15, 35, ResultOrder.Descending).Select(r => r.Value).Should().Equal("v3", "v2", "v1");
        store.GetVersions("k", 20, 29).Select(r => r.Value).Should().Equal("v2");
        store.GetVersions("k", 41, 49).Should().BeEmpty();
        store.GetVersions("k", 45, 50).Should().Equal(new VersionedRecord<string>("v5", 50));
        store.GetVersions("absent", 0, 100).Should().BeEmpty();
        FluentActions.Invoking(() => store.GetVersions("k", 2, 1)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void GetVersions_leaves_out_versions_no_longer_valid_within_the_retention()
    {
        var (store, _) = Open(TimeSpan.FromMilliseconds(100));
        store.Put("k", "v1", 0);
        store.Put("k", "v2", 500);
        store.Put("k", "v3", 950);
        store.Put("other", "x", 1_000); // bound 900: v1 (valid to 500) is expired, v2 (valid to 950) is not

        store.GetVersions("k", 0, 2_000, ResultOrder.Ascending).Select(r => r.Value).Should().Equal("v2", "v3");
        store.GetVersions("k", 0, 899, ResultOrder.Ascending).Should().BeEmpty();
    }

    [Fact]
    public void Every_write_is_logged_with_the_version_timestamp_and_deletes_as_tombstones()
    {
        var (store, context) = Open();

        store.Put("k", "v1", 10);
        store.Put("k", "v0", 5);
        store.Delete("k", 20);

        context.Logged.Select(c => (c.Store, Key: Str(c.Key), Value: c.Value is null ? null : Str(c.Value), c.Timestamp)).Should().Equal(
            ("versions", "k", "v1", 10L), ("versions", "k", "v0", 5L), ("versions", "k", (string?)null, 20L));
    }

    [Fact]
    public void The_store_registers_a_restore_callback_that_needs_record_timestamps()
    {
        var (_, context) = Open();

        context.Registered.Should().ContainSingle().Which.Callback.Should().BeAssignableTo<IRecordBatchingStateRestoreCallback>();
        FluentActions.Invoking(() => context.Registered[0].Callback.RestoreBatch([new(Encoding.UTF8.GetBytes("k"), null)]))
            .Should().Throw<NotSupportedException>();
    }

    [Fact]
    public void Restoring_the_changelog_rebuilds_every_version_and_skips_what_was_too_old()
    {
        var (source, sourceContext) = Open(TimeSpan.FromMilliseconds(100));
        source.Put("a", "a1", 10);
        source.Put("a", "a3", 300);
        source.Put("a", "a2", 250);
        source.Delete("a", 280);
        source.Put("b", "b1", 260);
        source.Put("b", "late", 100); // not put: older than 300 - 100
        source.Delete("b", 290);
        source.Put("b", "b3", 310);

        var (restored, context) = Open(TimeSpan.FromMilliseconds(100));
        var callback = (IRecordBatchingStateRestoreCallback)context.Registered.Single().Callback;
        callback.RestoreBatch(sourceContext.Logged.Select(c => new StateRestoreRecord(c.Key, c.Value, c.Timestamp)).ToList());

        foreach (var key in new[] { "a", "b" })
        {
            restored.Get(key).Should().Be(source.Get(key));
            foreach (var asOf in new long[] { 209, 210, 249, 250, 259, 260, 279, 280, 289, 290, 299, 300, 309, 310, 400 })
            {
                restored.Get(key, asOf).Should().Be(source.Get(key, asOf), $"key {key} as of {asOf}");
            }

            restored.GetVersions(key, 0, 1_000).Should().Equal(source.GetVersions(key, 0, 1_000));
        }

        restored.Get("b", 265).Should().Be(new VersionedRecord<string>("b1", 260, 290));
        restored.Put("c", "too-old", 209).Should().Be(PutReturnCodeNotPut, "restore rebuilt the observed stream time too");
    }

    private static string Str(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
