using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Streams.Dsl.Internal.Graph;

/// <summary>
/// Generates the DSL's names. Processor names always follow Kafka Streams: a prefix plus one 10-digit counter shared by
/// every generated name (<c>KSTREAM-FILTER-0000000001</c>), so descriptions number nodes as Kafka Streams does.
/// State store and internal topic names, which name changelog and repartition topics, follow the
/// <see cref="NamingStrategy"/>: Kafka Streams' counter, or (<see cref="NamingStrategy.Stable"/>) the same shape with the
/// counter replaced by a digest of the operator's lineage: the lineage of its upstream node(s), the operator kind and its
/// ordinal among the same kind on the same upstream. Remembers which store and topic names were generated, for
/// <see cref="TopologyOptions.EnsureExplicitInternalResourceNaming"/> (KIP-1111).
/// </summary>
internal sealed class NameGenerator(NamingStrategy strategy)
{
    private const int CounterDigits = 10;
    private readonly Dictionary<string, int> _ordinals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _generatedStores = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _generatedTopics = new(StringComparer.Ordinal);
    private int _index;

    /// <summary>Generated store names, each with how to name the store explicitly.</summary>
    public IReadOnlyDictionary<string, string> GeneratedStores => _generatedStores;

    /// <summary>Generated internal topic base names (undecorated), each with how to name the topic explicitly.</summary>
    public IReadOnlyDictionary<string, string> GeneratedTopics => _generatedTopics;

    /// <summary>The next value of the counter, as 10 digits (Kafka Streams' <c>%010d</c>).</summary>
    public string NextIndex() => (_index++).ToString("D10", CultureInfo.InvariantCulture);

    /// <summary>The lineage of a node that reads topics (a source, a repartition source, a global table).</summary>
    public static string RootLineage(string root) => Digest(root);

    /// <summary>The lineage of a node below <paramref name="parents"/>: their lineages, its kind and its ordinal among the same kind there.</summary>
    public string ChildLineage(IReadOnlyList<GraphNode> parents, string kind)
    {
        var key = string.Join('+', parents.Select(p => p.Lineage)) + "/" + kind;
        return Digest(key + "#" + NextOrdinal(key));
    }

    /// <summary>
    /// A generated store or internal topic name: <paramref name="kafkaName"/> (Kafka Streams' name, containing the counter
    /// value just taken) as is, or with its counter replaced by the lineage digest. Records it as generated.
    /// </summary>
    /// <param name="resource">Whether the name names a store or an internal topic.</param>
    /// <param name="kafkaName">The counter-based name, e.g. <c>KSTREAM-AGGREGATE-STATE-STORE-0000000003</c>.</param>
    /// <param name="upstreamLineage">The lineage of the node the operator hangs off.</param>
    /// <param name="variant">Distinguishes operators that share a Kafka prefix (e.g. windowed and plain aggregations), or null.</param>
    /// <param name="howToName">How the user names the resource, for the KIP-1111 error message.</param>
    public string Generated(InternalResourceKind resource, string kafkaName, string upstreamLineage, string? variant, string howToName)
    {
        var counterAt = CounterPosition(kafkaName);
        var name = kafkaName;
        if (strategy == NamingStrategy.Stable)
        {
            var key = upstreamLineage + "/" + kafkaName[..counterAt] + "#" + kafkaName[(counterAt + CounterDigits)..] + (variant is null ? string.Empty : ":" + variant);
            var digest = Digest(key + "#" + NextOrdinal(key));
            name = string.Concat(kafkaName.AsSpan(0, counterAt), digest.AsSpan(0, CounterDigits), kafkaName.AsSpan(counterAt + CounterDigits));
        }

        (resource == InternalResourceKind.StateStore ? _generatedStores : _generatedTopics)[name] = howToName;
        return name;
    }

    /// <summary>Records a store name generated outside <see cref="Generated"/> (a counter name from an operator not yet on lineage names).</summary>
    public void NoteGeneratedStore(string store, string howToName) => _generatedStores[store] = howToName;

    /// <summary>Records an internal topic whose name derives from a generated store name (<c>{store}-repartition</c>).</summary>
    public void NoteGeneratedTopic(string topic, string howToName) => _generatedTopics[topic] = howToName;

    public bool IsGeneratedStore(string name) => _generatedStores.ContainsKey(name);

    private static int CounterPosition(string name)
    {
        for (var i = name.Length - CounterDigits; i >= 0; i--)
        {
            if ((i == 0 || !char.IsAsciiDigit(name[i - 1]))
                && (i + CounterDigits == name.Length || !char.IsAsciiDigit(name[i + CounterDigits]))
                && name.AsSpan(i, CounterDigits).IndexOfAnyExceptInRange('0', '9') < 0)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Generated name '{name}' has no {CounterDigits}-digit counter to replace.");
    }

    private int NextOrdinal(string key)
    {
        var ordinal = _ordinals.GetValueOrDefault(key);
        _ordinals[key] = ordinal + 1;
        return ordinal;
    }

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16);
}

/// <summary>What a generated name names.</summary>
internal enum InternalResourceKind
{
    /// <summary>A state store (and its changelog topic <c>{applicationId}-{store}-changelog</c>).</summary>
    StateStore,

    /// <summary>An internal topic such as a repartition topic <c>{applicationId}-{name}-repartition</c>.</summary>
    InternalTopic,
}
