namespace Streams.IntegrationTests;

// The runtime tests on the embedded broker run in two collections, each test after the other within its collection and
// the two side by side (xunit runs collections in parallel up to the core count): most of their time is waiting on
// rebalances, session timeouts and commits, not CPU, so two at once halve the wall clock. Each test starts its own
// broker and state directory, so they share nothing. The collections are balanced by measured duration (trx of a serial
// run: ~220 s each); the chaos tests, whose instances are separate processes, keep their own serial collection.

/// <summary>The first half of the runtime tests on the embedded broker: assignment, threads, standbys, the flight job.</summary>
[CollectionDefinition(nameof(EmbeddedBrokerTests))]
public sealed class EmbeddedBrokerTests;

/// <summary>The second half: exactly-once, metadata, queries, poison records, restarts and the rest.</summary>
[CollectionDefinition(nameof(EmbeddedBrokerTests2))]
public sealed class EmbeddedBrokerTests2;
