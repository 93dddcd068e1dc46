using Streams.Dsl.Internal.Graph;

namespace Streams.Dsl.Internal;

/// <summary>Collects branches for a split; the branch processor is added once the branches are known.</summary>
internal sealed class BranchedKStreamImpl<TKey, TValue>(KStreamImpl<TKey, TValue> parent, string? splitName) : IBranchedKStream<TKey, TValue>
{
    private readonly List<(Func<TKey, TValue, bool> Predicate, Branched<TKey, TValue> Branched)> _branches = [];
    private bool _done;

    public IBranchedKStream<TKey, TValue> Branch(Func<TKey, TValue, bool> predicate, Branched<TKey, TValue>? branched = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        EnsureOpen();
        _branches.Add((predicate, branched ?? new Branched<TKey, TValue>()));
        return this;
    }

    public IReadOnlyDictionary<string, IKStream<TKey, TValue>> DefaultBranch(Branched<TKey, TValue>? branched = null) =>
        Complete(branched ?? new Branched<TKey, TValue>());

    public IReadOnlyDictionary<string, IKStream<TKey, TValue>> NoDefaultBranch() => Complete(null);

    private Dictionary<string, IKStream<TKey, TValue>> Complete(Branched<TKey, TValue>? defaultBranch)
    {
        EnsureOpen();
        _done = true;
        var builder = parent.Builder;
        var prefix = splitName ?? builder.NewName("KSTREAM-BRANCH-");
        var names = new List<string>();
        for (var i = 0; i < _branches.Count; i++)
        {
            names.Add(prefix + (_branches[i].Branched.Name ?? (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var defaultName = defaultBranch is null ? null : prefix + (defaultBranch.Name ?? "0");
        var all = defaultName is null ? names : [.. names, defaultName];
        if (all.Distinct(StringComparer.Ordinal).Count() != all.Count)
        {
            throw new TopologyException($"split '{prefix}' has two branches with the same name.");
        }

        var predicates = _branches.Select(b => b.Predicate).ToList();
        var branchStream = parent.Stateless<TKey, TValue>(
            Named.As(prefix),
            "KSTREAM-BRANCH-",
            () => new KStreamBranch<TKey, TValue>(predicates, names, defaultName),
            parent.KeySerde, parent.ValueSerde, false);

        var result = new Dictionary<string, IKStream<TKey, TValue>>(StringComparer.Ordinal);
        void AddBranch(string name, Branched<TKey, TValue> branched)
        {
            var node = builder.AddNode(
                new ProcessorGraphNode<TKey, TValue, TKey, TValue>(name, () => new KStreamPassThrough<TKey, TValue>()) { Kind = "KSTREAM-BRANCHCHILD-" + name[prefix.Length..] },
                branchStream.Node);
            IKStream<TKey, TValue>? stream = new KStreamImpl<TKey, TValue>(builder, node, parent.KeySerde, parent.ValueSerde, false);
            if (branched.Function is not null)
            {
                stream = branched.Function(stream);
            }

            if (stream is not null)
            {
                result[name] = stream;
            }
        }

        for (var i = 0; i < _branches.Count; i++)
        {
            AddBranch(names[i], _branches[i].Branched);
        }

        if (defaultName is not null)
        {
            AddBranch(defaultName, defaultBranch!);
        }

        return result;
    }

    private void EnsureOpen()
    {
        if (_done)
        {
            throw new InvalidOperationException("This split is complete: DefaultBranch or NoDefaultBranch was already called.");
        }
    }
}
