using System.Text;
using System.Text.Json;
using Streams.Processor;
using Streams.Queries;
using Streams.Runtime.Internal;

namespace Streams.Tests.Queries;

public class InstanceMetadataTopicTests
{
    private static readonly Guid s_id = Guid.Parse("6f1c2a8e-3d4b-4f5a-9c7e-1b2d3e4f5a6b");

    [Fact]
    public void An_announcement_reads_back_as_written()
    {
        var value = InstanceMetadataTopic.Value(s_id, new HostInfo("host-1", 7001), [new TaskId(1, 3), new TaskId(0, 2)], [new TaskId(0, 1)], 5);

        InstanceMetadataTopic.TryRead(InstanceMetadataTopic.Key(s_id), value, out var id, out var announcement).Should().BeTrue();

        id.Should().Be(s_id);
        announcement!.Host.Should().Be(new HostInfo("host-1", 7001));
        announcement.Active.Should().BeEquivalentTo([new TaskId(0, 2), new TaskId(1, 3)]);
        announcement.Standby.Should().BeEquivalentTo([new TaskId(0, 1)]);
        announcement.Sequence.Should().Be(5);
    }

    [Fact]
    public void The_value_is_camel_case_json_with_task_ids_as_text_and_the_key_is_the_instance_id()
    {
        var value = InstanceMetadataTopic.Value(s_id, new HostInfo("h", 1), [new TaskId(0, 2)], [], 1);

        var json = JsonDocument.Parse(value).RootElement;
        json.GetProperty("instanceId").GetString().Should().Be("6f1c2a8e-3d4b-4f5a-9c7e-1b2d3e4f5a6b");
        json.GetProperty("host").GetString().Should().Be("h");
        json.GetProperty("port").GetInt32().Should().Be(1);
        json.GetProperty("activeTasks").EnumerateArray().Select(e => e.GetString()).Should().Equal("0_2");
        json.GetProperty("standbyTasks").GetArrayLength().Should().Be(0);
        json.GetProperty("sequence").GetInt64().Should().Be(1);
        Encoding.UTF8.GetString(InstanceMetadataTopic.Key(s_id)).Should().Be("6f1c2a8e-3d4b-4f5a-9c7e-1b2d3e4f5a6b");
    }

    [Fact]
    public void A_null_value_is_the_tombstone_of_the_instance()
    {
        InstanceMetadataTopic.TryRead(InstanceMetadataTopic.Key(s_id), null, out var id, out var announcement).Should().BeTrue();

        id.Should().Be(s_id);
        announcement.Should().BeNull();
    }

    [Theory]
    [InlineData("not-a-guid", "{}")]
    [InlineData(null, "{}")]
    [InlineData("6f1c2a8e-3d4b-4f5a-9c7e-1b2d3e4f5a6b", "not json")]
    [InlineData("6f1c2a8e-3d4b-4f5a-9c7e-1b2d3e4f5a6b", """{"instanceId":"00000000-0000-0000-0000-000000000001","host":"h","port":1,"activeTasks":[],"standbyTasks":[],"sequence":1}""")]
    [InlineData("6f1c2a8e-3d4b-4f5a-9c7e-1b2d3e4f5a6b", """{"instanceId":"6f1c2a8e-3d4b-4f5a-9c7e-1b2d3e4f5a6b","host":"h","port":1,"activeTasks":["zero"],"standbyTasks":[],"sequence":1}""")]
    [InlineData("6f1c2a8e-3d4b-4f5a-9c7e-1b2d3e4f5a6b", """{"instanceId":"6f1c2a8e-3d4b-4f5a-9c7e-1b2d3e4f5a6b","port":1,"activeTasks":[],"standbyTasks":[],"sequence":1}""")]
    [InlineData("6f1c2a8e-3d4b-4f5a-9c7e-1b2d3e4f5a6b", """{"instanceId":"6f1c2a8e-3d4b-4f5a-9c7e-1b2d3e4f5a6b","host":"h","port":70000,"activeTasks":[],"standbyTasks":[],"sequence":1}""")]
    public void A_record_that_is_not_instance_metadata_is_rejected(string? key, string value) =>
        InstanceMetadataTopic.TryRead(key is null ? null : Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value), out _, out _).Should().BeFalse();

    [Fact]
    public void The_topic_is_created_with_one_partition_only_by_an_announcing_instance_when_missing()
    {
        var required = new Dictionary<string, int> { ["app-counts-changelog"] = 4 };

        InstanceMetadataTopic.AddTo(required, "app", publishes: true, _ => false).Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["app-counts-changelog"] = 4,
            ["app-metadata"] = 1,
        });
        InstanceMetadataTopic.AddTo(required, "app", publishes: false, _ => false).Should().BeEquivalentTo(required);
        InstanceMetadataTopic.AddTo(required, "app", publishes: true, t => t == "app-metadata").Should().BeEquivalentTo(required, "an existing topic is used whatever its partition count");
    }

    [Fact]
    public void The_topic_is_compacted() =>
        new InternalTopicSpec("app-metadata", 1, InternalTopicType.Metadata).Configs(0).Should().BeEquivalentTo(new Dictionary<string, string> { ["cleanup.policy"] = "compact" });
}
