using Streams.State;
using Streams.State.Internal;
using Streams.Testing;

namespace Streams.Tests.State.Internal;

public sealed class InMemorySessionBytesStoreTests : SessionBytesStoreContractTests
{
    protected override string StateDirectory => "unused";

    protected override ISessionBytesStore Create(string name, long retentionPeriodMs) => new InMemorySessionBytesStore(name, retentionPeriodMs);

    [Fact]
    public void Is_not_persistent()
    {
        Open().Persistent.Should().BeFalse();
    }

    [Fact]
    public void Expired_sessions_are_deleted_as_soon_as_a_write_moves_stream_time_past_them()
    {
        var store = (InMemorySessionBytesStore)Open();
        store.Put(S("a", 0, 10), V("old"));
        store.Put(S("b", 40, 60), V("kept"));
        store.Count.Should().Be(2);

        store.Put(S("c", 160, 160), V("new"));

        store.Count.Should().Be(2, "[0,10] ended before 160 - 100 and is gone, [40,60] is kept");
        Read(store.Fetch(null, null)).Should().Equal("b[40,60]=kept", "c[160,160]=new");
    }

    [Fact]
    public void Closing_drops_the_sessions()
    {
        var (store, context) = Open("s", Retention);
        store.Put(S("a", 0, 0), V("x"));

        store.Close();
        store.Init(context, store);

        Read(store.Fetch(null, null)).Should().BeEmpty();
    }

    [Fact]
    public void The_constructor_rejects_an_empty_name_and_a_negative_retention()
    {
        FluentActions.Invoking(() => new InMemorySessionBytesStore("", 10)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new InMemorySessionBytesStore("s", -1)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
