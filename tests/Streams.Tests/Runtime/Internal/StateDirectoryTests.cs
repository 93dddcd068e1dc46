using Streams.Processor;
using Streams.Runtime.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.Runtime.Internal;

public sealed class StateDirectoryTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Creates_the_application_folder_and_names_task_and_global_folders()
    {
        using var dir = new StateDirectory(_root.Path, "my-app");

        dir.AppDirectory.Should().Be(Path.Combine(_root.Path, "my-app"));
        Directory.Exists(dir.AppDirectory).Should().BeTrue();
        dir.TaskDirectory(new TaskId(1, 7)).Should().Be(Path.Combine(_root.Path, "my-app", "1_7"));
        dir.GlobalDirectory.Should().Be(Path.Combine(_root.Path, "my-app", "global"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("../escape")]
    [InlineData("/etc")]
    public void No_name_can_take_a_path_outside_the_state_directory(string name)
    {
        var act = () => StateDirectory.ChildPath(_root.Path, name, "store name");

        act.Should().Throw<StreamsException>().WithMessage($"The store name '{name}' cannot name a folder in*");
        Directory.GetFileSystemEntries(Path.GetDirectoryName(_root.Path)!).Should().NotContain(Path.Combine(Path.GetDirectoryName(_root.Path)!, "escape"));
    }

    [Fact]
    public void An_application_id_of_dot_dot_never_creates_the_lock_file_in_the_parent()
    {
        var root = Path.Combine(_root.Path, "state");

        var act = () => new StateDirectory(root, "..");

        act.Should().Throw<StreamsException>();
        File.Exists(Path.Combine(_root.Path, ".lock")).Should().BeFalse();
    }

    [Fact]
    public void Plain_names_are_direct_children()
    {
        StateDirectory.ChildPath(_root.Path, "0_3", "task id").Should().Be(Path.Combine(_root.Path, "0_3"));
        StateDirectory.ChildPath(_root.Path + "/", "store.v2", "store name").Should().Be(Path.Combine(_root.Path, "store.v2"));
    }

    [Fact]
    public void A_second_instance_on_the_same_directory_is_refused_naming_the_directory()
    {
        using var first = new StateDirectory(_root.Path, "my-app");

        var act = () => new StateDirectory(_root.Path, "my-app");

        act.Should().Throw<StreamsException>()
            .Which.Message.Should().Contain(first.AppDirectory).And.Contain("'my-app'");
    }

    [Fact]
    public void The_directory_can_be_locked_again_after_dispose()
    {
        new StateDirectory(_root.Path, "my-app").Dispose();

        using var second = new StateDirectory(_root.Path, "my-app");

        second.AppDirectory.Should().Be(Path.Combine(_root.Path, "my-app"));
    }

    [Fact]
    public void Other_applications_may_share_the_root()
    {
        using var a = new StateDirectory(_root.Path, "app-a");
        using var b = new StateDirectory(_root.Path, "app-b");

        a.AppDirectory.Should().NotBe(b.AppDirectory);
    }

    [Fact]
    public void Wipe_deletes_the_contents_and_leaves_an_empty_directory()
    {
        var task = Path.Combine(_root.Path, "0_0");
        Directory.CreateDirectory(Path.Combine(task, "store", "nested"));
        File.WriteAllText(Path.Combine(task, ".checkpoint"), "0\n0\n");
        File.WriteAllText(Path.Combine(task, "store", "nested", "data"), "x");

        StateDirectory.Wipe(task);

        Directory.Exists(task).Should().BeTrue();
        Directory.EnumerateFileSystemEntries(task).Should().BeEmpty();
    }

    [Fact]
    public void Wipe_creates_a_missing_directory()
    {
        var task = Path.Combine(_root.Path, "missing");

        StateDirectory.Wipe(task);

        Directory.Exists(task).Should().BeTrue();
    }
}
