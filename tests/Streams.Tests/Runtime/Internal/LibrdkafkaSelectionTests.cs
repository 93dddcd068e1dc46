using Streams.Runtime.Internal;

namespace Streams.Tests.Runtime.Internal;

public class LibrdkafkaSelectionTests
{
    private const string App = "/app";
    private const string Native = "/app/runtimes/linux-x64/native";

    [Fact]
    public void Linux_x64_tries_the_default_build_then_the_glibc_only_one_then_the_musl_one()
    {
        LibrdkafkaSelection.CandidateFiles("linux-x64").Should().Equal("librdkafka.so", "centos8-librdkafka.so", "alpine-librdkafka.so");
        LibrdkafkaSelection.CandidateFiles("linux-arm64").Should().Equal("librdkafka.so", "alpine-librdkafka.so");
        LibrdkafkaSelection.CandidateFiles("osx-arm64").Should().Equal("librdkafka.dylib");
        LibrdkafkaSelection.CandidateFiles("win-x64").Should().Equal("librdkafka.dll");
    }

    [Fact]
    public void The_first_file_that_loads_wins_and_later_ones_are_not_tried()
    {
        var attempts = new List<string>();
        var selection = new LibrdkafkaSelection(
            "linux-x64",
            LibrdkafkaSelection.CandidateFiles("linux-x64"),
            [App, Native],
            path => path.StartsWith(Native, StringComparison.Ordinal),
            path =>
            {
                attempts.Add(path);
                return path.EndsWith("/librdkafka.so", StringComparison.Ordinal)
                    ? throw new DllNotFoundException("libsasl2.so.3: cannot open shared object file: No such file or directory")
                    : 42;
            });

        var result = selection.Select();

        result.Handle.Should().Be(42);
        result.Path.Should().Be(Native + "/centos8-librdkafka.so");
        attempts.Should().Equal(Native + "/librdkafka.so", Native + "/centos8-librdkafka.so");
    }

    [Fact]
    public void A_file_in_the_app_folder_is_tried_before_the_runtimes_folder()
    {
        var attempts = new List<string>();
        var selection = new LibrdkafkaSelection("linux-x64", ["librdkafka.so"], [App, Native, App], _ => true, path =>
        {
            attempts.Add(path);
            return 7;
        });

        selection.Select().Path.Should().Be(App + "/librdkafka.so");
        attempts.Should().ContainSingle();
    }

    [Fact]
    public void When_none_loads_one_exception_names_the_platform_each_file_tried_and_why()
    {
        var selection = new LibrdkafkaSelection(
            "linux-x64",
            LibrdkafkaSelection.CandidateFiles("linux-x64"),
            [App, Native],
            path => path.StartsWith(Native, StringComparison.Ordinal) && !path.Contains("alpine", StringComparison.Ordinal),
            path => throw new DllNotFoundException($"{Path.GetFileName(path)}: reason of the loader"));

        var act = () => selection.Select();

        var message = act.Should().Throw<DllNotFoundException>().Which.Message;
        message.Should().Contain("linux-x64")
            .And.Contain(Native + "/librdkafka.so: librdkafka.so: reason of the loader")
            .And.Contain(Native + "/centos8-librdkafka.so: centos8-librdkafka.so: reason of the loader")
            .And.Contain("alpine-librdkafka.so: not found")
            .And.Contain("Searched: " + App + Path.PathSeparator + Native);
        message.IndexOf("/librdkafka.so:", StringComparison.Ordinal).Should().BeLessThan(message.IndexOf("centos8", StringComparison.Ordinal), "the files are listed in the order tried");
    }
}
