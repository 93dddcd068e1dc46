using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace Streams.Runtime.Internal;

/// <summary>
/// The selection <see cref="LibrdkafkaLoader"/> makes, with its file system and loader injected so the order and the
/// failure message are testable: candidate files of librdkafka.redist for a RID, in order, each looked for in the
/// given directories; the first that exists and loads wins.
/// </summary>
internal sealed class LibrdkafkaSelection
{
    private readonly string _rid;
    private readonly IReadOnlyList<string> _files;
    private readonly IReadOnlyList<string> _directories;
    private readonly Func<string, bool> _exists;
    private readonly Func<string, IntPtr> _load;

    /// <param name="rid">The platform, e.g. <c>linux-x64</c> (named in the failure message).</param>
    /// <param name="files">File names to try, in order.</param>
    /// <param name="directories">Directories to look in, in order (duplicates are skipped).</param>
    /// <param name="exists">Whether a file exists.</param>
    /// <param name="load">Loads a file and returns its handle, or throws with the loader's reason.</param>
    internal LibrdkafkaSelection(string rid, IReadOnlyList<string> files, IEnumerable<string> directories, Func<string, bool> exists, Func<string, IntPtr> load)
    {
        _rid = rid;
        _files = files;
        _directories = [.. directories.Where(d => !string.IsNullOrEmpty(d)).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal)];
        _exists = exists;
        _load = load;
    }

    /// <summary>A loaded library: its handle and the file it came from.</summary>
    internal sealed record Result(IntPtr Handle, string Path);

    /// <summary>The selection for this process: its RID, the package's files for it and the directories the SDK and NuGet put them in.</summary>
    internal static LibrdkafkaSelection ForCurrentProcess()
    {
        var rid = CurrentRid();
        return new LibrdkafkaSelection(rid, CandidateFiles(rid), SearchDirectories(rid), File.Exists, path => NativeLibrary.Load(path));
    }

    /// <summary>
    /// librdkafka.redist's builds for <paramref name="rid"/>, in the order tried: linux-x64 <c>librdkafka.so</c> (needs
    /// libsasl2.so.3), <c>centos8-librdkafka.so</c> (glibc only), <c>alpine-librdkafka.so</c> (musl); linux-arm64
    /// <c>librdkafka.so</c>, <c>alpine-librdkafka.so</c>; other Linux <c>librdkafka.so</c>; macOS <c>librdkafka.dylib</c>;
    /// Windows <c>librdkafka.dll</c>.
    /// </summary>
    internal static IReadOnlyList<string> CandidateFiles(string rid) => rid switch
    {
        "linux-x64" => ["librdkafka.so", "centos8-librdkafka.so", "alpine-librdkafka.so"],
        "linux-arm64" => ["librdkafka.so", "alpine-librdkafka.so"],
        _ when rid.StartsWith("osx", StringComparison.Ordinal) => ["librdkafka.dylib"],
        _ when rid.StartsWith("win", StringComparison.Ordinal) => ["librdkafka.dll"],
        _ => ["librdkafka.so"],
    };

    /// <summary>Loads the first candidate that exists and loads.</summary>
    /// <exception cref="DllNotFoundException">None loaded; the message names the RID, each file tried and why it failed.</exception>
    internal Result Select()
    {
        var tried = new List<string>();
        foreach (var file in _files)
        {
            var found = false;
            foreach (var directory in _directories)
            {
                var path = Path.Combine(directory, file);
                if (!_exists(path))
                {
                    continue;
                }

                found = true;
                try
                {
                    return new Result(_load(path), path);
                }
                catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or IOException)
                {
                    tried.Add($"{path}: {e.Message}");
                }
            }

            if (!found)
            {
                tried.Add($"{file}: not found");
            }
        }

        var message = new StringBuilder()
            .Append("No build of librdkafka from the librdkafka.redist package loads on ").Append(_rid)
            .Append(" (a system librdkafka is not used). Tried, in order:");
        foreach (var line in tried)
        {
            message.AppendLine().Append("  ").Append(line);
        }

        message.AppendLine().Append("Searched: ").Append(string.Join(Path.PathSeparator, _directories)).Append('.');
        throw new DllNotFoundException(message.ToString());
    }

    private static string CurrentRid()
    {
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : OperatingSystem.IsLinux() ? "linux" : RuntimeInformation.OSDescription.Split(' ')[0].ToLowerInvariant();
        return $"{os}-{arch}";
    }

    private static IEnumerable<string> SearchDirectories(string rid)
    {
        var appBase = AppContext.BaseDirectory;
        yield return appBase;
        yield return Path.Combine(appBase, "runtimes", rid, "native");
        var confluentDirectory = Path.GetDirectoryName(typeof(Handle).Assembly.Location);
        if (!string.IsNullOrEmpty(confluentDirectory))
        {
            yield return Path.Combine(confluentDirectory, "runtimes", rid, "native");
        }

        if (OperatingSystem.IsWindows())
        {
            // librdkafka.redist's build props copy the Windows builds to librdkafka/<arch>/ in the output.
            yield return Path.Combine(appBase, "librdkafka", RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant());
        }

        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchDirectories)
        {
            foreach (var directory in searchDirectories.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                yield return directory;
            }
        }
    }
}
