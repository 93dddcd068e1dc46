using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streams.Dsl;
using Streams.Errors;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.Dsl;

/// <summary>
/// A materialized Filter or MapValues with a record cache forwards its updates when the cache flushes, as Kafka Streams'
/// <c>TimestampedTupleForwarder</c>: updates of a key between commits merge into one.
/// </summary>
public sealed class MaterializedTableCacheForwardingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (StreamTask Task, FakeRecordCollector Collector) Start(Func<IKTable<string?, string?>, IKTable<string?, string?>> operation)
    {
        var builder = new StreamsBuilder();
        operation(builder.Table<string?, string?>("in")).ToStream().To("out");
        var collector = new FakeRecordCollector();
        var topology = builder.Build().Builder.BuildTask(0, "app", InMemoryDslStoreSuppliers.Instance, new RecordCache(1_000_000));
        var context = new TaskContext("app", new TaskId(0, 0), _dir.Path, collector, TimeProvider.System, topology.ChangelogTopics, new Dictionary<string, IStateStore>());
        var task = new StreamTask(new TaskId(0, 0), topology, context, [new("in", 0)], LogAndFailExceptionHandler.Instance, NullLogger.Instance);
        task.InitializeStores();
        task.InitializeTopology();
        return (task, collector);
    }

    private static void Pipe(StreamTask task, long offset, long timestamp, string key, string? value, string header)
    {
        var record = RawRecords.Create("in", 0, offset, timestamp, Encoding.UTF8.GetBytes(key), value is null ? null : Encoding.UTF8.GetBytes(value));
        record.Message.Headers = new Headers { { header, [1] } };
        task.AddRecord(record);
    }

    [Theory]
    [InlineData("filter")]
    [InlineData("mapValues")]
    public void Updates_of_a_key_between_commits_are_forwarded_once_with_the_last_ones_timestamp_and_headers(string operation)
    {
        var (task, collector) = Start(t => operation == "filter"
            ? t.Filter((_, v) => v != "skip", Materialized<string?, string?>.As("result"))
            : t.MapValues((_, v) => v + "!", Materialized<string?, string?>.As("result")));
        Pipe(task, 0, 10, "k", "a", "h1");
        Pipe(task, 1, 30, "k", "b", "h2");
        Pipe(task, 2, 20, "k", "c", "h3");
        while (task.Process())
        {
        }

        collector.Sent.Where(s => s.Topic == "out").Should().BeEmpty("updates wait in the cache until commit");
        task.PrepareCommit();

        var outputs = collector.Sent.Where(s => s.Topic == "out").ToList();
        outputs.Should().ContainSingle();
        Encoding.UTF8.GetString(outputs[0].Value!).Should().Be(operation == "filter" ? "c" : "c!");
        outputs[0].Timestamp.Should().Be(20);
        outputs[0].Headers!.Select(h => h.Key).Should().Equal("h3");
    }

    [Fact]
    public void A_row_inserted_and_deleted_between_commits_is_not_forwarded()
    {
        var (task, collector) = Start(t => t.Filter((_, _) => true, Materialized<string?, string?>.As("result")));
        Pipe(task, 0, 10, "k", "a", "h1");
        Pipe(task, 1, 20, "k", null, "h2");
        while (task.Process())
        {
        }

        task.PrepareCommit();

        collector.Sent.Where(s => s.Topic == "out").Should().BeEmpty();
    }

    [Fact]
    public void A_delete_is_forwarded_at_commit_with_the_deleting_records_timestamp()
    {
        var (task, collector) = Start(t => t.Filter((_, _) => true, Materialized<string?, string?>.As("result")));
        Pipe(task, 0, 10, "k", "a", "h1");
        while (task.Process())
        {
        }

        task.PrepareCommit();
        Pipe(task, 1, 30, "k", null, "h2");
        while (task.Process())
        {
        }

        task.PrepareCommit();

        var outputs = collector.Sent.Where(s => s.Topic == "out").ToList();
        outputs.Should().HaveCount(2);
        outputs[1].Value.Should().BeNull();
        outputs[1].Timestamp.Should().Be(30);
        outputs[1].Headers!.Select(h => h.Key).Should().Equal("h2");
    }
}
