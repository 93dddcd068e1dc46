using System.Text;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.Processor;
using Streams.Runtime.Internal;

namespace Streams.Tests.Queries;

public class TopologyMetadataTests
{
    [Fact]
    public void Finds_the_subtopology_of_each_store_as_the_topology_description_shows_it()
    {
        var topology = WordCount();
        var metadata = new TopologyMetadata(topology.Builder, "app");
        var described = topology.Describe().Subtopologies.Single(s => s.Nodes.Any(n => n.Stores.Contains("word-counts"))).Id;

        metadata.SubtopologyOf("word-counts").Should().Be(described);
        metadata.SubtopologyOf("nope").Should().BeNull();
        metadata.HasStore("word-counts").Should().BeTrue();
        metadata.IsGlobalStore("word-counts").Should().BeFalse();
    }

    [Fact]
    public void A_global_store_has_no_subtopology()
    {
        var builder = new StreamsBuilder();
        builder.GlobalTable<string, string>("regions", materialized: Materialized<string, string>.As("regions-store"));
        builder.Stream<string, string>("in").To("out");
        var metadata = new TopologyMetadata(builder.Build().Builder, "app");

        metadata.IsGlobalStore("regions-store").Should().BeTrue();
        metadata.HasStore("regions-store").Should().BeTrue();
        metadata.SubtopologyOf("regions-store").Should().BeNull();
    }

    [Fact]
    public void Tasks_map_to_their_subtopology_stores_and_source_partitions_with_internal_topics_decorated()
    {
        var topology = WordCount();
        var metadata = new TopologyMetadata(topology.Builder, "app");
        var counting = metadata.SubtopologyOf("word-counts")!.Value;
        var splitting = topology.Builder.Subtopologies.Single(s => s.Id != counting).Id;

        metadata.StoreNames([new TaskId(counting, 1), new TaskId(splitting, 0)]).Should().BeEquivalentTo(["word-counts"]);
        metadata.StoreNames([new TaskId(splitting, 0)]).Should().BeEmpty();
        metadata.TopicPartitions([new TaskId(counting, 1), new TaskId(splitting, 0)]).Should().BeEquivalentTo(
            [new TopicPartition("app-by-word-repartition", 1), new TopicPartition("lines", 0)]);
    }

    [Theory]
    [InlineData("foobar", 4, 2)]
    [InlineData("21", 7, 3)]
    [InlineData("a-little-bit-longer-string", 4, 3)]
    public void A_key_goes_to_the_partition_of_murmur2_of_its_serialized_bytes(string key, int partitions, int expected)
    {
        var metadata = new TopologyMetadata(Counts().Builder, "app");

        var partition = metadata.PartitionOf(0, key, Serializers.Utf8, t => t == "in" ? partitions : null);

        partition.Should().Be(expected, "(murmur2 vector of the key & 0x7fffffff) % partitions, as Kafka's default partitioner");
    }

    [Fact]
    public void The_key_is_serialized_for_the_source_topic_with_the_most_partitions_and_hashed_modulo_its_count()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("narrow").Merge(builder.Stream<string, string>("wide")).GroupByKey().Count(Materialized<string, long>.As("merged"));
        var metadata = new TopologyMetadata(builder.Build().Builder, "app");
        var serializer = new RecordingSerializer();

        var partition = metadata.PartitionOf(metadata.SubtopologyOf("merged")!.Value, "abc", serializer, t => t switch { "narrow" => 3, "wide" => 7, _ => null });

        partition.Should().Be(4, "murmur2(\"abc\") = 479470107, % 7 = 4");
        serializer.Topics.Should().Equal("wide");
    }

    [Fact]
    public void The_partition_is_unknown_while_a_source_topic_count_is_unknown()
    {
        var metadata = new TopologyMetadata(WordCount().Builder, "app");
        var counting = metadata.SubtopologyOf("word-counts")!.Value;

        metadata.PartitionOf(counting, "abc", Serializers.Utf8, t => t == "lines" ? 4 : null).Should().BeNull("the repartition topic's count is not known");
        metadata.PartitionOf(counting, "abc", Serializers.Utf8, t => t == "app-by-word-repartition" ? 3 : null).Should().Be(0, "479470107 % 3 = 0");
    }

    [Fact]
    public void A_key_the_serializer_turns_into_null_has_no_partition() =>
        FluentActions.Invoking(() => new TopologyMetadata(Counts().Builder, "app").PartitionOf(0, "k", new NullSerializer(), _ => 4))
            .Should().Throw<ArgumentException>().WithMessage("*null*");

    [Fact]
    public void A_custom_partitioner_picks_the_partition_given_the_topic_and_its_count()
    {
        var metadata = new TopologyMetadata(Counts().Builder, "app");
        var partitioner = new FixedPartitioner([3]);

        metadata.PartitionOf(0, "k", partitioner, _ => 5).Should().Be(3);
        partitioner.Calls.Should().Equal(("in", "k", 5));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(new int[0])]
    [InlineData(new[] { 1, 2 })]
    [InlineData(new[] { 5 })]
    [InlineData(new[] { -1 })]
    public void A_custom_partitioner_must_name_exactly_one_partition_in_range(int[]? partitions) =>
        FluentActions.Invoking(() => new TopologyMetadata(Counts().Builder, "app").PartitionOf(0, "k", new FixedPartitioner(partitions), _ => 5))
            .Should().Throw<ArgumentException>().WithMessage("*exactly one partition in [0, 5)*");

    private static Topology Counts()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Count(Materialized<string, long>.As("counts"));
        return builder.Build();
    }

    private static Topology WordCount()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("lines")
            .SelectKey((_, v) => v)
            .GroupByKey(Grouped<string, string>.As("by-word"))
            .Count(Materialized<string, long>.As("word-counts"));
        return builder.Build();
    }

    private sealed class RecordingSerializer : ISerializer<string>
    {
        public List<string> Topics { get; } = [];

        public byte[] Serialize(string data, SerializationContext context)
        {
            Topics.Add(context.Topic);
            return Encoding.UTF8.GetBytes(data);
        }
    }

    private sealed class NullSerializer : ISerializer<string>
    {
        public byte[] Serialize(string data, SerializationContext context) => null!;
    }

    private sealed class FixedPartitioner(int[]? partitions) : IStreamPartitioner<string, string>
    {
        public List<(string Topic, string Key, int Count)> Calls { get; } = [];

        public IReadOnlySet<int>? Partitions(string topic, string key, string value, int numPartitions)
        {
            Calls.Add((topic, key, numPartitions));
            return partitions?.ToHashSet();
        }
    }
}
