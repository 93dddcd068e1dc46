using System.Collections;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Tests.State;

/// <summary>Store iterators as single-pass enumerables: foreach, LINQ, disposal of what they hold, one enumeration.</summary>
public class KeyValueIteratorEnumerationTests
{
    private sealed class TrackedSource(params int[] items) : IEnumerable<KeyValuePair<int, string>>
    {
        public int Disposed { get; private set; }

        public IEnumerator<KeyValuePair<int, string>> GetEnumerator()
        {
            try
            {
                foreach (var i in items)
                {
                    yield return new(i, $"v{i}");
                }
            }
            finally
            {
                Disposed++;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>An implementation written before the iterator was enumerable: it relies on the default GetEnumerator.</summary>
    private sealed class UserIterator(params int[] items) : IKeyValueIterator<int, int>
    {
        private int _index = -1;

        public bool Disposed { get; private set; }

        public KeyValuePair<int, int> Current => new(items[_index], items[_index] * 10);

        object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < items.Length;

        public void Reset() => _index = -1;

        public void Dispose() => Disposed = true;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The tests enumerate through the public interface, as users do.")]
    private static IKeyValueIterator<int, string> Iterate(TrackedSource source) => new EnumeratorIterator<int, string>(source, "s", () => true);

    [Fact]
    public void Foreach_over_a_store_iterator_disposes_the_underlying_iterator_when_the_loop_ends()
    {
        var source = new TrackedSource(1, 2, 3);
        var iterator = Iterate(source);

        var keys = new List<int>();
        foreach (var (key, value) in iterator)
        {
            value.Should().Be($"v{key}");
            keys.Add(key);
        }

        keys.Should().Equal(1, 2, 3);
        source.Disposed.Should().Be(1);
        iterator.Dispose();
        source.Disposed.Should().Be(1, "disposing again is harmless");
    }

    [Fact]
    public void Breaking_out_of_foreach_and_LINQ_short_circuits_dispose_the_underlying_iterator()
    {
        var source = new TrackedSource(1, 2, 3);
        foreach (var (key, _) in Iterate(source))
        {
            if (key == 1)
            {
                break;
            }
        }

        source.Disposed.Should().Be(1);
        Iterate(source).First(kv => kv.Key == 2).Value.Should().Be("v2");
        source.Disposed.Should().Be(2);
    }

    [Fact]
    public void The_enumerator_is_the_iterator_itself_and_a_second_enumeration_throws()
    {
        var iterator = Iterate(new TrackedSource(1));

        ((IEnumerable<KeyValuePair<int, string>>)iterator).GetEnumerator().Should().BeSameAs(iterator);
        FluentActions.Invoking(() => ((IEnumerable)iterator).GetEnumerator()).Should().Throw<InvalidOperationException>().WithMessage("*only once*");
    }

    [Fact]
    public void An_iterator_advanced_with_MoveNext_continues_from_its_position_in_foreach()
    {
        var iterator = Iterate(new TrackedSource(1, 2, 3));
        iterator.MoveNext().Should().BeTrue();

        iterator.Select(kv => kv.Key).Should().Equal(2, 3);
    }

    [Fact]
    public void A_user_implementation_without_GetEnumerator_is_enumerable_through_the_default_interface_method()
    {
        var user = new UserIterator(1, 2);
        IKeyValueIterator<int, int> iterator = user;

        iterator.Select(kv => kv.Value).Should().Equal(10, 20);
        user.Disposed.Should().BeTrue();
    }
}
