using Streams.Dsl.Internal.Graph;

namespace Streams.Dsl.Internal;

/// <summary>
/// A split, as Kafka Streams' <c>BranchedKStreamImpl</c>: the branch processor is added when the split is made and each
/// branch (its pass-through child, and its <see cref="Branched{TKey, TValue}"/> function or consumer) when it is declared,
/// so branches work without <c>DefaultBranch</c>/<c>NoDefaultBranch</c> and names are taken in Kafka Streams' order.
/// Branches keep the parent's need for repartitioning.
/// </summary>
internal sealed class BranchedKStreamImpl<TKey, TValue> : IBranchedKStream<TKey, TValue>
{
    private readonly KStreamImpl<TKey, TValue> _parent;
    private readonly string _prefix;
    private readonly KStreamImpl<TKey, TValue> _splitter;
    private readonly List<Func<TKey, TValue, bool>> _predicates = [];
    private readonly List<string> _childNames = [];
    private readonly Dictionary<string, IKStream<TKey, TValue>> _outputs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _allNames = new(StringComparer.Ordinal);
    private string? _defaultChild;
    private bool _done;

    public BranchedKStreamImpl(KStreamImpl<TKey, TValue> parent, string? splitName)
    {
        _parent = parent;
        _prefix = splitName ?? parent.Builder.NewName("KSTREAM-BRANCH-");
        // The processor reads the lists when it is created (at build time), so branches declared later are included.
        _splitter = parent.Stateless<TKey, TValue>(
            Named.As(_prefix),
            "KSTREAM-BRANCH-",
            () => new KStreamBranch<TKey, TValue>(_predicates, _childNames, _defaultChild),
            parent.KeySerde, parent.ValueSerde, parent.RepartitionRequired);
    }

    public IBranchedKStream<TKey, TValue> Branch(Func<TKey, TValue, bool> predicate, Branched<TKey, TValue>? branched = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        EnsureOpen();
        var b = branched ?? new Branched<TKey, TValue>();
        var name = ChildName(b, _predicates.Count + 1);
        _predicates.Add(predicate);
        _childNames.Add(name);
        AddBranch(name, b);
        return this;
    }

    public IReadOnlyDictionary<string, IKStream<TKey, TValue>> DefaultBranch(Branched<TKey, TValue>? branched = null)
    {
        EnsureOpen();
        var b = branched ?? new Branched<TKey, TValue>();
        var name = ChildName(b, 0);
        _defaultChild = name;
        AddBranch(name, b);
        _done = true;
        return _outputs;
    }

    public IReadOnlyDictionary<string, IKStream<TKey, TValue>> NoDefaultBranch()
    {
        EnsureOpen();
        _done = true;
        return _outputs;
    }

    private string ChildName(Branched<TKey, TValue> branched, int index)
    {
        var name = _prefix + (branched.Name ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!_allNames.Add(name))
        {
            throw new TopologyException($"split '{_prefix}' has two branches with the same name.");
        }

        return name;
    }

    private void AddBranch(string name, Branched<TKey, TValue> branched)
    {
        var builder = _parent.Builder;
        builder.NewName("KSTREAM-BRANCHCHILD-"); // as Kafka Streams, each branch child takes a processor index
        var node = builder.AddNode(
            new ProcessorGraphNode<TKey, TValue, TKey, TValue>(name, () => new KStreamPassThrough<TKey, TValue>()) { Kind = "KSTREAM-BRANCHCHILD-" + name[_prefix.Length..] },
            _splitter.Node);
        IKStream<TKey, TValue>? stream = new KStreamImpl<TKey, TValue>(builder, node, _parent.KeySerde, _parent.ValueSerde, _parent.RepartitionRequired);
        if (branched.Function is not null)
        {
            stream = branched.Function(stream);
        }

        if (stream is not null)
        {
            _outputs[name] = stream;
        }
    }

    private void EnsureOpen()
    {
        if (_done)
        {
            throw new InvalidOperationException("This split is complete: DefaultBranch or NoDefaultBranch was already called.");
        }
    }
}
