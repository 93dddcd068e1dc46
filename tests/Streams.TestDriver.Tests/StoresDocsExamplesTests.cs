using Streams.Dsl;
using Streams.Serialization;
using Streams.State;

namespace Streams.TestDriver.Tests;

/// <summary>The examples printed in docs/stores.md, kept compiling and true (in memory instead of RocksDB).</summary>
public class StoresDocsExamplesTests
{
    [Fact]
    public void Stores_guide_versioned_table_and_grace_join_example()
    {
        var builder = new StreamsBuilder();
        var users = builder.Table("users", Consumed<string?, string?>.With(Serdes.String, Serdes.String),
            Materialized<string?, string?>.As(Stores.InMemoryVersionedKeyValueStore("users", TimeSpan.FromHours(1))));
        builder.Stream<string?, string?>("clicks")
            .Join(users, (click, region) => $"{click}@{region}", Joined<string?, string?, string?>.As("enrich").WithGracePeriod(TimeSpan.FromSeconds(10)))
            .To("enriched", Produced<string?, string>.With(Serdes.String, Serdes.String!));
        using var driver = new TopologyTestDriver(builder.Build());
        var userInput = driver.CreateInputTopic("users", Serdes.String, Serdes.String);
        userInput.PipeInput("alice", "eu", 10);
        userInput.PipeInput("alice", "us", 20);

        var versions = driver.GetVersionedKeyValueStore<string?, string?>("users")!;

        versions.Get("alice", asOfTimestampMs: 15).Should().Be(new VersionedRecord<string?>("eu", 10, ValidToMs: 20));
        driver.GetStateStore("enrich-Buffer").Should().NotBeNull();
    }
}
