using System.Diagnostics.Metrics;
using Streams.Processor;
using Streams.Processor.Internal;
using Streams.Serialization;
using Streams.State;
using Streams.Tests.Support;

namespace Streams.Tests.Processor.Internal;

/// <summary>Sinks with and without a stream partitioner, as Kafka Streams' <c>RecordCollectorImpl.send</c> with a <c>StreamPartitioner</c> (KIP-837).</summary>
public class SinkNodeTests
{
    private readonly FakeRecordCollector _collector = new() { PartitionCount = 4 };

    [Fact]
    public void Without_a_partitioner_the_producer_chooses_the_partition()
    {
        var sink = Sink(null);

        sink.Receive(new Record<string?, string?>("k", "v", 5));

        _collector.Sent.Should().ContainSingle().Which.Partition.Should().BeNull();
    }

    [Fact]
    public void A_partitioner_multicasts_the_same_bytes_to_every_partition_it_returns()
    {
        var calls = new List<(string Topic, string? Key, string? Value, int Count)>();
        var sink = Sink(new DelegatePartitioner((t, k, v, n) => { calls.Add((t, k, v, n)); return new SortedSet<int> { 1, 3 }; }));

        sink.Receive(new Record<string?, string?>("k", "v", 5));

        calls.Should().Equal(("out", "k", "v", 4));
        _collector.Sent.Select(s => s.Partition).Should().Equal(1, 3);
        _collector.Sent.Select(s => s.Topic).Should().AllBe("out");
        _collector.Sent[0].Value.Should().Equal(_collector.Sent[1].Value).And.Equal(Serdes.String.Serialize("v", default));
        _collector.Sent.Select(s => s.Timestamp).Should().AllBeEquivalentTo(5L);
    }

    [Fact]
    public void A_null_answer_falls_back_to_the_default_partitioning()
    {
        var sink = Sink(new DelegatePartitioner((_, _, _, _) => null));

        sink.Receive(new Record<string?, string?>("k", "v", 5));

        _collector.Sent.Should().ContainSingle().Which.Partition.Should().BeNull();
    }

    [Fact]
    public void An_empty_answer_drops_the_record_and_counts_it()
    {
        var reasons = new List<string?>();
        var thread = Environment.CurrentManagedThreadId;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Streams" && instrument.Name == "streams.task.records.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "reason")
                    {
                        reasons.Add(tag.Value as string);
                    }
                }
            }
        });
        listener.Start();
        var sink = Sink(new DelegatePartitioner((_, _, _, _) => new HashSet<int>()));

        sink.Receive(new Record<string?, string?>("k", "v", 5));

        _collector.Sent.Should().BeEmpty();
        reasons.Should().Equal("no partition");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(-1)]
    public void A_partition_outside_the_topic_fails_before_anything_is_sent(int partition)
    {
        var sink = Sink(new DelegatePartitioner((_, _, _, _) => new SortedSet<int> { 0, partition }));

        var act = () => sink.Receive(new Record<string?, string?>("k", "v", 5));

        act.Should().Throw<StreamsException>().WithMessage($"*partition {partition}*'out'*[0, 4)*");
        _collector.Sent.Should().BeEmpty();
    }

    [Fact]
    public void The_partitioner_sees_the_topic_a_topic_extractor_chose()
    {
        var topics = new List<string>();
        var sink = new SinkNode<string?, string?>(
            "sink", null, (k, _) => "topic-" + k, Serdes.String, Serdes.String,
            new DelegatePartitioner((t, _, _, _) => { topics.Add(t); return new HashSet<int> { 2 }; }));
        sink.Init(Context());

        sink.Receive(new Record<string?, string?>("a", "v", 5));

        topics.Should().Equal("topic-a");
        _collector.Sent.Should().ContainSingle().Which.Should().Match<SentRecord>(s => s.Topic == "topic-a" && s.Partition == 2);
    }

    private SinkNode<string?, string?> Sink(IStreamPartitioner<string?, string?>? partitioner)
    {
        var sink = new SinkNode<string?, string?>("sink", "out", null, Serdes.String, Serdes.String, partitioner);
        sink.Init(Context());
        return sink;
    }

    private TaskContext Context() =>
        new("app", new TaskId(0, 0), "dir", _collector, TimeProvider.System, new Dictionary<string, string>(), new Dictionary<string, IStateStore>());

    private sealed class DelegatePartitioner(Func<string, string?, string?, int, IReadOnlySet<int>?> partitions) : IStreamPartitioner<string?, string?>
    {
        public IReadOnlySet<int>? Partitions(string topic, string? key, string? value, int numPartitions) => partitions(topic, key, value, numPartitions);
    }
}
