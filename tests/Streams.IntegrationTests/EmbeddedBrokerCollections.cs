using Xunit.Abstractions;
using Xunit.Sdk;

// Four collections at a time instead of the core count (2): the runtime tests on the embedded broker spend most of their
// time waiting on rebalances, commits and the chaos workers' fixed input rate, not on the CPU. The longest collections
// start first (LongestCollectionsFirst) and the short per-class collections fill the slots they leave.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
[assembly: TestCollectionOrderer("Streams.IntegrationTests.LongestCollectionsFirst", "Streams.IntegrationTests")]

namespace Streams.IntegrationTests;

// The runtime tests on the embedded broker run in three collections, each test after the other within its collection and
// the collections side by side with the chaos tests: each test starts its own broker (an in-process mock cluster on its
// own ports) and state directory, so they share nothing. The collections are balanced by measured duration (trx of runs
// with MockBrokerGroup's session timeout on the shared 2-core machine: 75-95 s each, the chaos tests ~105 s, the whole
// project ~110 s where it took ~340 s with two collections and the chaos tests after them).

/// <summary>The first third of the runtime tests on the embedded broker: task assignment over instances, the flight job.</summary>
[CollectionDefinition(nameof(EmbeddedBrokerTests))]
public sealed class EmbeddedBrokerTests;

/// <summary>The second third: exactly-once, poison records, restarts, queries and the rest.</summary>
[CollectionDefinition(nameof(EmbeddedBrokerTests2))]
public sealed class EmbeddedBrokerTests2;

/// <summary>The last third: several threads and instances, standbys, instance metadata, the HTTP query endpoint, restores.</summary>
[CollectionDefinition(nameof(EmbeddedBrokerTests3))]
public sealed class EmbeddedBrokerTests3;

/// <summary>
/// Orders the test collections longest first, so that the long ones start at once and the short per-class collections
/// fill the parallel slots as the long ones leave them (the scheduler starts collections in this order): the chaos tests,
/// the three runtime collections, the two longest per-class collections (group rebalances on the mock with a 6 s
/// session), then every other collection in xunit's default order.
/// </summary>
public sealed class LongestCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string[] s_longest =
    [
        "ChaosTests", nameof(EmbeddedBrokerTests), nameof(EmbeddedBrokerTests2), nameof(EmbeddedBrokerTests3),
        "Test collection for " + typeof(Simulation.EmbeddedBrokerModelScenarioTests).FullName,
        "Test collection for " + typeof(EmbeddedKafka.ConsumerGroupTests).FullName,
    ];

    /// <inheritdoc/>
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.Select((collection, index) => (collection, index))
            .OrderBy(c => Array.IndexOf(s_longest, c.collection.DisplayName) is var rank and >= 0 ? rank : s_longest.Length)
            .ThenBy(c => c.index)
            .Select(c => c.collection);
}
