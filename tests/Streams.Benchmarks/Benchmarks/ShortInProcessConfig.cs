using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Streams.Benchmarks.Benchmarks;

/// <summary>
/// BenchmarkDotNet's ShortRun job (1 launch, 3 warm-up, 3 measured iterations) run in process (no generated
/// project to build, which matters on a shared 2-core machine), with the memory diagnoser. Artifacts go to the
/// temp folder, not the repository.
/// </summary>
internal sealed class ShortInProcessConfig : ManualConfig
{
    public ShortInProcessConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"));
        AddDiagnoser(MemoryDiagnoser.Default);
        ArtifactsPath = Path.Combine(Path.GetTempPath(), "streams-bench-artifacts");
    }
}
