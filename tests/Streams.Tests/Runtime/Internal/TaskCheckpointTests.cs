using Confluent.Kafka;
using Streams.Runtime.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.Runtime.Internal;

public sealed class TaskCheckpointTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string CheckpointPath => Path.Combine(_dir.Path, ".checkpoint");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Write_uses_kafkas_offset_checkpoint_format()
    {
        TaskCheckpoint.Write(_dir.Path, new Dictionary<TopicPartition, long> { [new TopicPartition("app-store-changelog", 3)] = 42 });

        File.ReadAllText(CheckpointPath).Should().Be("0\n1\napp-store-changelog 3 42\n");
    }

    [Fact]
    public void Write_then_Read_round_trips_every_partition()
    {
        var offsets = new Dictionary<TopicPartition, long>
        {
            [new TopicPartition("app-a-changelog", 0)] = 0,
            [new TopicPartition("app-a-changelog", 1)] = 9_000_000_000,
            [new TopicPartition("app-b.x_y-changelog", 12)] = 17,
        };

        TaskCheckpoint.Write(_dir.Path, offsets);

        TaskCheckpoint.Read(_dir.Path).Should().BeEquivalentTo(offsets);
        File.ReadAllLines(CheckpointPath).Take(2).Should().Equal("0", "3");
    }

    [Fact]
    public void Write_creates_the_directory_replaces_the_previous_file_and_leaves_no_temp_file()
    {
        var taskDir = Path.Combine(_dir.Path, "0_1");
        TaskCheckpoint.Write(taskDir, new Dictionary<TopicPartition, long> { [new TopicPartition("t", 0)] = 1 });

        TaskCheckpoint.Write(taskDir, new Dictionary<TopicPartition, long> { [new TopicPartition("t", 0)] = 2 });

        TaskCheckpoint.Read(taskDir).Should().Equal(new Dictionary<TopicPartition, long> { [new TopicPartition("t", 0)] = 2 });
        Directory.GetFiles(taskDir).Select(Path.GetFileName).Should().Equal(".checkpoint");
    }

    [Fact]
    public void An_empty_checkpoint_round_trips()
    {
        TaskCheckpoint.Write(_dir.Path, new Dictionary<TopicPartition, long>());

        File.ReadAllText(CheckpointPath).Should().Be("0\n0\n");
        TaskCheckpoint.Read(_dir.Path).Should().BeEmpty();
    }

    [Fact]
    public void Read_of_a_directory_without_checkpoint_is_empty()
    {
        TaskCheckpoint.Read(_dir.Path).Should().BeEmpty();
        TaskCheckpoint.Read(Path.Combine(_dir.Path, "missing")).Should().BeEmpty();
    }

    [Fact]
    public void Read_accepts_a_file_written_by_kafka_streams()
    {
        File.WriteAllText(CheckpointPath, "0\n2\nmy-app-counts-changelog 0 100\nmy-app-counts-changelog 1 250\n");

        TaskCheckpoint.Read(_dir.Path).Should().BeEquivalentTo(new Dictionary<TopicPartition, long>
        {
            [new TopicPartition("my-app-counts-changelog", 0)] = 100,
            [new TopicPartition("my-app-counts-changelog", 1)] = 250,
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("1\n1\nt 0 5\n")]
    [InlineData("0\n1\nt 0\n")]
    [InlineData("0\n1\nt zero 5\n")]
    [InlineData("0\n1\nt 0 five\n")]
    [InlineData("0\n1\nt 0 5 extra\n")]
    public void A_malformed_file_throws_StreamsException_naming_the_path(string content)
    {
        File.WriteAllText(CheckpointPath, content);

        var act = () => TaskCheckpoint.Read(_dir.Path);

        act.Should().Throw<StreamsException>().Which.Message.Should().Contain(CheckpointPath);
    }

    [Fact]
    public void Delete_removes_the_file_and_tolerates_its_absence()
    {
        TaskCheckpoint.Write(_dir.Path, new Dictionary<TopicPartition, long> { [new TopicPartition("t", 0)] = 1 });

        TaskCheckpoint.Delete(_dir.Path);
        TaskCheckpoint.Delete(_dir.Path);

        File.Exists(CheckpointPath).Should().BeFalse();
    }

    [Fact]
    public void ShouldOnlyCheckpointStateWithBigAdvanceIfNotEnforced()
    {
        // As Kafka Streams' StateManagerUtil.checkpointNeeded: more than 10,000 changelog records in all since the last checkpoint.
        var a = new TopicPartition("app-a-changelog", 0);
        var b = new TopicPartition("app-b-changelog", 0);
        var last = new Dictionary<TopicPartition, long> { [a] = 50 };

        TaskManager.CheckpointNeeded(last, new Dictionary<TopicPartition, long> { [a] = 10_050 }).Should().BeFalse("10,000 is not more than 10,000");
        TaskManager.CheckpointNeeded(last, new Dictionary<TopicPartition, long> { [a] = 10_051 }).Should().BeTrue();
        TaskManager.CheckpointNeeded(last, new Dictionary<TopicPartition, long> { [a] = 5_050, [b] = 5_001 }).Should().BeTrue("the deltas of all changelogs add up; one absent before counts from 0");
        TaskManager.CheckpointNeeded(null, new Dictionary<TopicPartition, long> { [a] = 50 }).Should().BeTrue("no checkpoint since the task opened");
    }
}
