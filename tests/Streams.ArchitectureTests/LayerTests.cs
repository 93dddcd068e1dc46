using System.Reflection;
using System.Runtime.CompilerServices;
using NetArchTest.Rules;

namespace Streams.ArchitectureTests;

/// <summary>
/// Layers that only point down (issue 17): each layer of the Streams assembly may use the layers below it, never one
/// above. docs/architecture.md draws the same stack and names each remaining exemption with its reason.
/// </summary>
public class LayerTests
{
    private static readonly Assembly s_assembly = typeof(StreamsApplication).Assembly;

    /// <summary>Bottom to top. Dsl and Runtime sit side by side: neither may use the other (a separate rule).</summary>
    internal static readonly Layer[] Layers =
    [
        new("Vocabulary", ["Streams.Internal"], ["StreamsException", "TopologyException", "KafkaUnreachableException", "StreamsState", "StreamsStateChange", "ProcessingGuarantee"]),
        new("Serialization", ["Streams.Serialization"], []),
        new("State", ["Streams.State"], []),
        new("Processor", ["Streams.Processor", "Streams.Errors"], []),
        new("Topology", [], ["Topology", "TopologyDescription", "TopologyOptions", "TopologyOptimization", "NamingStrategy"]),
        new("Queries", ["Streams.Queries"], []),
        new("Configuration", [], ["StreamsOptions", "TaskAssignmentStrategy", "IKafkaClientSupplier", "DefaultKafkaClientSupplier", "KafkaClientRole", "KafkaConsumerRequest", "KafkaProducerRequest", "KafkaAdminClientRequest", "StreamsProgress", "PartitionProgress", "ThreadMetadata", "StreamsTelemetry"]),
        new("Dsl", ["Streams.Dsl"], []),
        new("Runtime", ["Streams.Runtime"], []),
        new("Application", [], ["StreamsApplication"]),
    ];

    /// <summary>
    /// The references up the stack that remain, by the type that makes them and the layer it reaches: each is named in
    /// docs/architecture.md ("Exemptions") with its reason. An entry that no longer fails must be removed.
    /// </summary>
    internal static readonly (string Type, string Reaches, string Why)[] Exemptions =
    [
        ("Streams.State.IStateStoreContext", "Processor", "a store's init context names its TaskId (Kafka's StateStoreContext, in its processor package)"),
        ("Streams.State.IStandbyUpdateListener", "Processor", "standby callbacks name the TaskId"),
        ("Streams.State.StoreBuilder`1", "Processor", "a Processor API store builder produces the topology's StoreFactory"),
        ("Streams.State.Stores", "Processor", "Stores' builders produce the topology's StoreFactory"),
        ("Streams.State.Internal.InMemoryStoreSizeMetric", "Processor", "store metrics are tagged with the TaskId"),
        ("Streams.State.Internal.StoreOperationMetrics", "Processor", "store metrics are tagged with the TaskId"),
        ("Streams.State.Internal.KeyValueVersionedBytesStore/RestoreRedirectingContext", "Processor", "wraps the store context (TaskId)"),
        ("Streams.State.Internal.KeyValueWindowBytesStore/IndexingContext", "Processor", "wraps the store context (TaskId)"),
        ("Streams.State.Internal.KeyValueWindowBytesStore", "Processor", "wraps the store context (TaskId)"),
        ("Streams.State.Internal.CachingKeyValueBytesStore", "Processor", "the cache flush forwards Records (Kafka's CachingKeyValueStore forwards through the processor context too)"),
        ("Streams.State.Internal.TimeOrderedKeyValueBuffer`2", "Processor", "the suppression buffer evicts Records to the processor"),
    ];

    public static TheoryData<string> LayerNames() => new(Layers.Select(l => l.Name));

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void A_layer_uses_no_layer_above_it(string name)
    {
        var index = Array.FindIndex(Layers, l => l.Name == name);
        var layer = Layers[index];
        var violations = new List<string>();
        foreach (var above in Layers.Skip(index + 1))
        {
            var result = TypesOf(layer).ShouldNot().HaveDependencyOnAny(above.DependencyNames).GetResult();
            violations.AddRange((result.FailingTypeNames ?? []).Where(t => !Exempted(t, above.Name)).Select(t => $"{t} uses {above.Name}"));
        }

        violations.Should().BeEmpty($"the {name} layer may use only the layers below it ({string.Join(", ", Layers.Take(index).Select(l => l.Name))}); move the shared type down, or, if it must stay, name the exemption in LayerTests.Exemptions and docs/architecture.md");
    }

    [Fact]
    public void Dsl_and_Runtime_do_not_use_each_other()
    {
        var dsl = Layers.Single(l => l.Name == "Dsl");
        var runtime = Layers.Single(l => l.Name == "Runtime");

        (TypesOf(dsl).ShouldNot().HaveDependencyOnAny(runtime.DependencyNames).GetResult().FailingTypeNames ?? []).Should().BeEmpty("the DSL builds a topology; it does not run one");
    }

    [Fact]
    public void Every_type_belongs_to_exactly_one_layer()
    {
        var types = s_assembly.GetTypes().Where(t => t.Namespace?.StartsWith("Streams", StringComparison.Ordinal) == true && !IsCompilerGenerated(t));

        types.Where(t => Layers.Count(l => l.Owns(t)) != 1).Select(t => t.FullName).Should().BeEmpty("every type is placed in one layer of LayerTests.Layers (a new root-namespace type must be added to one)");
    }

    [Fact]
    public void Every_exemption_is_still_needed()
    {
        foreach (var (type, reaches, _) in Exemptions)
        {
            var from = Layers.Single(l => l.Owns(s_assembly.GetType(type.Replace('/', '+'))!));
            var above = Layers.Single(l => l.Name == reaches);
            var failing = TypesOf(from).ShouldNot().HaveDependencyOnAny(above.DependencyNames).GetResult().FailingTypeNames ?? [];

            failing.Should().Contain(type, $"an exemption that no longer applies is removed from LayerTests.Exemptions and docs/architecture.md ({type} -> {reaches})");
        }
    }

    [Fact]
    public void Every_exemption_is_named_in_the_architecture_doc()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "architecture.md"));

        foreach (var (type, reaches, _) in Exemptions)
        {
            var simple = type.Split('.', '/')[^1].Split('`')[0];
            doc.Should().Contain($"`{simple}`", $"docs/architecture.md names the exemption {type} -> {reaches}");
        }
    }

    private static PredicateList TypesOf(Layer layer)
    {
        var names = s_assembly.GetTypes().Where(layer.Owns).Where(t => !IsCompilerGenerated(t)).Select(t => t.FullName!).ToHashSet();
        return Types.InAssembly(s_assembly).That().HaveNameMatching(".*").And().MeetCustomRule(new InSet(names));
    }

    private static bool Exempted(string failingType, string reaches) => Exemptions.Any(e => e.Type == failingType && e.Reaches == reaches);

    private static bool IsCompilerGenerated(Type type) =>
        type.GetCustomAttribute<CompilerGeneratedAttribute>() is not null || type.Name.StartsWith('<') || type.FullName?.Contains('<', StringComparison.Ordinal) == true;

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Streams.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Streams.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class InSet(HashSet<string> names) : ICustomRule
    {
        public bool MeetsRule(Mono.Cecil.TypeDefinition type) => names.Contains(type.FullName.Replace('/', '+'));
    }
}
