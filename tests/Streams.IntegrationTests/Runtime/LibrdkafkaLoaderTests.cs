using System.Security.Cryptography;
using Confluent.Kafka;
using Streams.EmbeddedKafka;
using Streams.Runtime.Internal;
using Xunit.Abstractions;

namespace Streams.IntegrationTests.Runtime;

/// <summary>The librdkafka this process runs on is a build of the librdkafka.redist package, the one LibrdkafkaLoader chose.</summary>
public sealed class LibrdkafkaLoaderTests(ITestOutputHelper output)
{
    [Fact]
    public void Confluent_Kafka_runs_on_librdkafka_2_16_0_loaded_from_the_package_and_on_no_other_librdkafka()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        admin.GetMetadata(TimeSpan.FromSeconds(30));

        Library.VersionString.Should().Be("2.16.0");
        EmbeddedKafkaCluster.LibrdkafkaVersion.Should().Be("2.16.0");
        var loaded = LibrdkafkaLoader.LoadedPath;
        loaded.Should().NotBeNull();
        output.WriteLine($"loaded: {loaded}");
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var mapped = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[^1].Contains("rdkafka", StringComparison.Ordinal))
            .Select(fields => fields[^1])
            .Distinct()
            .ToList();
        foreach (var file in mapped)
        {
            output.WriteLine($"/proc/self/maps: {file}");
        }

        mapped.Should().Equal([loaded], "one librdkafka, the selected one, and no system library, is mapped");
        var rid = RuntimeInformationRid();
        loaded.Should().EndWith(Path.Combine("runtimes", rid, "native", Path.GetFileName(loaded!)), "the SDK copies the package's runtimes/<rid>/native files there");
        var packaged = Path.Combine(NuGetPackagesFolder(), "librdkafka.redist", "2.16.0", "runtimes", rid, "native", Path.GetFileName(loaded!));
        if (File.Exists(packaged))
        {
            Sha256(loaded!).Should().Be(Sha256(packaged), "the loaded file is the package's " + packaged);
        }
    }

    private static string RuntimeInformationRid() =>
        $"{(OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux")}-{System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";

    private static string NuGetPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
