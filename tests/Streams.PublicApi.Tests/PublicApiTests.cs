using System.Reflection;
using PublicApiGenerator;
using Xunit;

namespace Streams.PublicApi.Tests;

/// <summary>
/// Each package's public API against its committed snapshot (<c>Snapshots/PublicApiTests.Api_{package}.verified.txt</c>):
/// adding, removing or changing a public member fails until the snapshot is updated with the change, so every API
/// change is a reviewed diff.
/// </summary>
public sealed class PublicApiTests
{
    private static readonly string[] PackageNames =
    [
        "Streams",
        "Streams.RocksDb",
        "Streams.TestDriver",
        "Streams.Hosting",
        "Streams.AspNetCore",
        "Streams.EmbeddedKafka",
    ];

    public static TheoryData<string> Packages() => new(PackageNames);

    [Theory]
    [MemberData(nameof(Packages))]
    public Task Api(string package)
    {
        var assembly = Assembly.Load(package);
        var api = assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
            ExcludeAttributes = ["System.Runtime.CompilerServices.NullableContextAttribute", "System.Runtime.CompilerServices.NullableAttribute"],
        });
        return Verifier.Verify(api).UseDirectory("Snapshots").UseParameters(package);
    }

    [Fact]
    public void EveryPackedLibraryIsCovered()
    {
        // A library added under src/ must be added above (the test driver, embedded broker... each has its own API).
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Streams.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Streams.sln not found above the test output.");
        }

        var libraries = Directory.GetFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !File.ReadAllText(p).Contains("<OutputType>Exe</OutputType>", StringComparison.Ordinal))
            .Select(p => Path.GetFileNameWithoutExtension(p))
            .Order(StringComparer.Ordinal)
            .ToList();
        var covered = PackageNames.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(libraries, covered);
    }
}
