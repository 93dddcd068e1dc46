using Streams.Dsl.Internal;
using Streams.Processor;
using Streams.State;
using Streams.Tests.Support;
using Streams.State.Internal;

namespace Streams.Tests.Dsl.Internal;

public class KTableKTableOuterJoinTests
{
    private readonly DictionaryTable<string, string> _other = new();
    private readonly CapturingProcessorContext<string, Change<string>> _context = new();
    private readonly KTableKTableOuterJoin<string, string, string, string> _join;

    public KTableKTableOuterJoinTests()
    {
        _join = new KTableKTableOuterJoin<string, string, string, string>(_other.Getter, (t, o) => $"{t ?? "null"}+{o ?? "null"}");
        _join.Init(_context);
    }

    [Fact]
    public void An_insert_without_another_row_joins_null_and_has_no_old_value()
    {
        _join.Process(new Record<string, Change<string>>("k", new Change<string>("a", null), 5));

        _context.Forwarded.Should().Equal(new Record<string, Change<string>>("k", new Change<string>("a+null", null), 5));
    }

    [Fact]
    public void An_insert_next_to_another_row_replaces_the_other_row_joined_with_null()
    {
        _other.Rows["k"] = new ValueAndTimestamp<string>("o", 7);

        _join.Process(new Record<string, Change<string>>("k", new Change<string>("a", null), 5));

        _context.Forwarded.Should().Equal(new Record<string, Change<string>>("k", new Change<string>("a+o", "null+o"), 7));
    }

    [Fact]
    public void A_delete_next_to_another_row_leaves_the_other_row_joined_with_null()
    {
        _other.Rows["k"] = new ValueAndTimestamp<string>("o", 3);

        _join.Process(new Record<string, Change<string>>("k", new Change<string>(null, "a"), 9));

        _context.Forwarded.Should().Equal(new Record<string, Change<string>>("k", new Change<string>("null+o", "a+o"), 9));
    }

    [Fact]
    public void A_delete_without_another_row_is_a_tombstone_of_the_old_row()
    {
        _join.Process(new Record<string, Change<string>>("k", new Change<string>(null, "a"), 9));

        _context.Forwarded.Should().Equal(new Record<string, Change<string>>("k", new Change<string>(null, "a+null"), 9));
    }
}
