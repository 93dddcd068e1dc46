using System.Reflection;
using System.Runtime.InteropServices;

namespace Streams.Benchmarks.Peer;

/// <summary>
/// Points Confluent.Kafka's P/Invokes at a librdkafka from its own librdkafka.redist package (2.15.1 here), as Streams'
/// LibrdkafkaLoader does for 2.16: the package's default linux-x64 <c>librdkafka.so</c> needs <c>libsasl2.so.3</c>, which
/// Debian 12 lacks, and without a resolver the runtime would fall back to a system librdkafka of another version. The
/// first candidate that loads wins: the default build, then the glibc-only <c>centos8-librdkafka.so</c>, then the musl one.
/// </summary>
internal static class LibrdkafkaResolver
{
    private static readonly string[] s_importNames = ["librdkafka", "centos8-librdkafka", "alpine-librdkafka"];
    private static readonly Lock s_lock = new();
    private static IntPtr s_handle;

    /// <summary>The file that was loaded, once a Kafka client has been made.</summary>
    public static string? LoadedPath { get; private set; }

    /// <summary>Registers the resolver on Confluent.Kafka's assembly; call before the first Kafka client.</summary>
    public static void Register() => NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly, Resolve);

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!s_importNames.Contains(libraryName))
        {
            return IntPtr.Zero;
        }

        lock (s_lock)
        {
            if (s_handle != IntPtr.Zero)
            {
                return s_handle;
            }

            var rid = RuntimeInformation.RuntimeIdentifier.StartsWith("linux-", StringComparison.Ordinal) ? "linux-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant() : RuntimeInformation.RuntimeIdentifier;
            var folder = Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native");
            var files = OperatingSystem.IsLinux() ? new[] { "librdkafka.so", "centos8-librdkafka.so", "alpine-librdkafka.so" }
                : OperatingSystem.IsMacOS() ? ["librdkafka.dylib"] : ["librdkafka.dll"];
            foreach (var file in files)
            {
                var path = Path.Combine(folder, file);
                if (File.Exists(path) && NativeLibrary.TryLoad(path, out s_handle))
                {
                    LoadedPath = path;
                    return s_handle;
                }
            }

            return IntPtr.Zero;
        }
    }
}
