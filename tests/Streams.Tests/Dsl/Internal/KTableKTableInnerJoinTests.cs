using Streams.Dsl.Internal;
using Streams.Processor;
using Streams.State;
using Streams.Tests.Support;
using Streams.State.Internal;

namespace Streams.Tests.Dsl.Internal;

public class KTableKTableInnerJoinTests
{
    private readonly DictionaryTable<string, string> _other = new();
    private readonly CapturingProcessorContext<string, Change<string>> _context = new();
    private readonly KTableKTableInnerJoin<string, string, string, string> _join;

    public KTableKTableInnerJoinTests()
    {
        _join = new KTableKTableInnerJoin<string, string, string, string>(_other.Getter, (t, o) => $"{t}+{o}");
        _join.Init(_context);
    }

    [Fact]
    public void Without_a_row_on_the_other_side_nothing_is_forwarded()
    {
        _join.Process(new Record<string, Change<string>>("k", new Change<string>("a", null), 5));

        _context.Forwarded.Should().BeEmpty();
    }

    [Fact]
    public void An_insert_forwards_the_joined_value_without_an_old_value_and_the_larger_timestamp()
    {
        _other.Rows["k"] = new ValueAndTimestamp<string>("o", 7);

        _join.Process(new Record<string, Change<string>>("k", new Change<string>("a", null), 5));

        _context.Forwarded.Should().Equal(new Record<string, Change<string>>("k", new Change<string>("a+o", null), 7));
    }

    [Fact]
    public void An_update_forwards_the_new_and_the_old_value_each_joined_with_the_other_side()
    {
        _other.Rows["k"] = new ValueAndTimestamp<string>("o", 3);

        _join.Process(new Record<string, Change<string>>("k", new Change<string>("b", "a"), 5));

        _context.Forwarded.Should().Equal(new Record<string, Change<string>>("k", new Change<string>("b+o", "a+o"), 5));
    }

    [Fact]
    public void A_delete_forwards_no_new_value_and_the_old_joined_value()
    {
        _other.Rows["k"] = new ValueAndTimestamp<string>("o", 3);

        _join.Process(new Record<string, Change<string>>("k", new Change<string>(null, "a"), 9));

        _context.Forwarded.Should().Equal(new Record<string, Change<string>>("k", new Change<string>(null, "a+o"), 9));
    }
}
