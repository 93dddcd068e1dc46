using Streams.Dsl.Internal;
using Streams.Processor;
using Streams.State;
using Streams.Tests.Support;
using Streams.State.Internal;

namespace Streams.Tests.Dsl.Internal;

public class KTableKTableLeftJoinTests
{
    private readonly DictionaryTable<string, string> _right = new();
    private readonly CapturingProcessorContext<string, Change<string>> _context = new();
    private readonly KTableKTableLeftJoin<string, string, string, string> _join;

    public KTableKTableLeftJoinTests()
    {
        _join = new KTableKTableLeftJoin<string, string, string, string>(_right.Getter, (l, r) => $"{l}+{r ?? "null"}");
        _join.Init(_context);
    }

    [Fact]
    public void An_insert_without_a_right_row_joins_null_with_the_left_timestamp()
    {
        _join.Process(new Record<string, Change<string>>("k", new Change<string>("a", null), 5));

        _context.Forwarded.Should().Equal(new Record<string, Change<string>>("k", new Change<string>("a+null", null), 5));
    }

    [Fact]
    public void An_update_joins_the_new_and_the_old_left_value_with_the_right_row_and_the_larger_timestamp()
    {
        _right.Rows["k"] = new ValueAndTimestamp<string>("r", 8);

        _join.Process(new Record<string, Change<string>>("k", new Change<string>("b", "a"), 5));

        _context.Forwarded.Should().Equal(new Record<string, Change<string>>("k", new Change<string>("b+r", "a+r"), 8));
    }

    [Fact]
    public void A_delete_forwards_no_new_value_and_the_old_value_joined_with_null()
    {
        _join.Process(new Record<string, Change<string>>("k", new Change<string>(null, "a"), 9));

        _context.Forwarded.Should().Equal(new Record<string, Change<string>>("k", new Change<string>(null, "a+null"), 9));
    }

    [Fact]
    public void A_change_with_neither_value_and_no_right_row_is_not_forwarded()
    {
        _join.Process(new Record<string, Change<string>>("k", new Change<string>(null, null), 9));

        _context.Forwarded.Should().BeEmpty();
    }
}
