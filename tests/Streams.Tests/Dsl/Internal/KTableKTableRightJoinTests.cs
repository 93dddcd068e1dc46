using Streams.Dsl.Internal;
using Streams.Processor;
using Streams.State;
using Streams.Tests.Support;
using Streams.State.Internal;

namespace Streams.Tests.Dsl.Internal;

public class KTableKTableRightJoinTests
{
    private readonly DictionaryTable<string, string> _left = new();
    private readonly CapturingProcessorContext<string, Change<string>> _context = new();
    private readonly KTableKTableRightJoin<string, string, string, string> _join;

    public KTableKTableRightJoinTests()
    {
        _join = new KTableKTableRightJoin<string, string, string, string>(_left.Getter, (l, r) => $"{l}+{r ?? "null"}");
        _join.Init(_context);
    }

    [Fact]
    public void Without_a_left_row_a_right_change_is_not_forwarded()
    {
        _join.Process(new Record<string, Change<string>>("k", new Change<string>("r", null), 5));

        _context.Forwarded.Should().BeEmpty();
    }

    [Fact]
    public void A_right_insert_turns_the_left_row_joined_with_null_into_the_joined_row()
    {
        _left.Rows["k"] = new ValueAndTimestamp<string>("l", 2);

        _join.Process(new Record<string, Change<string>>("k", new Change<string>("r", null), 5));

        _context.Forwarded.Should().Equal(new Record<string, Change<string>>("k", new Change<string>("l+r", "l+null"), 5));
    }

    [Fact]
    public void A_right_delete_turns_the_joined_row_back_into_the_left_row_joined_with_null()
    {
        _left.Rows["k"] = new ValueAndTimestamp<string>("l", 12);

        _join.Process(new Record<string, Change<string>>("k", new Change<string>(null, "r"), 9));

        _context.Forwarded.Should().Equal(new Record<string, Change<string>>("k", new Change<string>("l+null", "l+r"), 12));
    }
}
