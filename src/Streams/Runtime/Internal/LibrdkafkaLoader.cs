using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Streams.Runtime.Internal;

/// <summary>
/// Chooses and loads the one librdkafka every Kafka call of the process goes to: a build from the
/// <c>librdkafka.redist</c> NuGet package, never a system library. Registered as the P/Invoke resolver of
/// Confluent.Kafka's assembly (its <c>librdkafka</c>, <c>centos8-librdkafka</c> and <c>alpine-librdkafka</c>
/// imports) and of the Streams assemblies that call librdkafka themselves (<c>rdkafka</c>), so the batch reader and the
/// embedded broker bind to the very handle Confluent.Kafka uses.
/// </summary>
/// <remarks>
/// <para>
/// Why: librdkafka.redist 2.16.0's default <c>runtimes/linux-x64/native/librdkafka.so</c> needs <c>libsasl2.so.3</c>,
/// which Debian 12 lacks; without a resolver the runtime's probing then silently falls back to a system
/// <c>librdkafka.so</c> of another version (which fails later, at the first missing symbol). The package also ships
/// <c>centos8-librdkafka.so</c>, linked against glibc only, which loads there.
/// </para>
/// <para>
/// Order, per platform (<see cref="LibrdkafkaSelection.CandidateFiles"/>): the package's default build first, then on
/// linux-x64 the glibc-only <c>centos8-librdkafka.so</c>, then on Linux the musl (Alpine) build. Each file is looked
/// for in the application folder, <c>runtimes/&lt;rid&gt;/native</c> under it and beside Confluent.Kafka's assembly,
/// and the host's native search directories (from the deps.json, <c>NATIVE_DLL_SEARCH_DIRECTORIES</c>). The first
/// file that loads wins; when none does, <see cref="Load"/> throws one <see cref="DllNotFoundException"/> naming the
/// platform and every file tried with the loader's reason.
/// </para>
/// <para>
/// The module initializers of Streams and Streams.EmbeddedKafka register the resolver, so it is in place before any
/// Kafka client those assemblies make. A Confluent.Kafka client created before either assembly is first used is
/// resolved by Confluent.Kafka's own probing instead.
/// </para>
/// </remarks>
internal static class LibrdkafkaLoader
{
    /// <summary>The library name Streams' own P/Invoke declarations use.</summary>
    internal const string StreamsImportName = "rdkafka";

    private static readonly HashSet<string> s_importNames = new(StringComparer.Ordinal)
    {
        StreamsImportName, "librdkafka", "centos8-librdkafka", "alpine-librdkafka",
    };

    private static readonly Lock s_lock = new();
    private static readonly HashSet<Assembly> s_registered = [];
    private static LibrdkafkaSelection.Result? s_loaded;
    private static DllNotFoundException? s_failure;

    /// <summary>
    /// Registers the resolver on Confluent.Kafka's assembly and on <paramref name="importer"/> (an assembly with its own
    /// <c>[LibraryImport("rdkafka")]</c> declarations). Idempotent; an assembly that already has another resolver is
    /// left to it.
    /// </summary>
    internal static void Register(Assembly? importer = null)
    {
        lock (s_lock)
        {
            RegisterLocked(typeof(Handle).Assembly);
            RegisterLocked(typeof(LibrdkafkaLoader).Assembly);
            if (importer is not null)
            {
                RegisterLocked(importer);
            }
        }
    }

    /// <summary>
    /// The loaded library: selected and loaded on the first call, the same afterwards.
    /// </summary>
    /// <exception cref="DllNotFoundException">No build of the package loads on this platform; the message names the
    /// RID and each file tried with the reason (the same exception on every call).</exception>
    internal static LibrdkafkaSelection.Result Load()
    {
        lock (s_lock)
        {
            if (s_loaded is { } loaded)
            {
                return loaded;
            }

            if (s_failure is not null)
            {
                throw new DllNotFoundException(s_failure.Message, s_failure);
            }

            try
            {
                s_loaded = LibrdkafkaSelection.ForCurrentProcess().Select();
                return s_loaded;
            }
            catch (DllNotFoundException e)
            {
                s_failure = e;
                throw;
            }
        }
    }

    /// <summary>The full path of the loaded file, or null when it is not loaded (yet, or it failed).</summary>
    internal static string? LoadedPath
    {
        get
        {
            lock (s_lock)
            {
                return s_loaded?.Path;
            }
        }
    }

    private static void RegisterLocked(Assembly assembly)
    {
        if (!s_registered.Add(assembly))
        {
            return;
        }

        try
        {
            NativeLibrary.SetDllImportResolver(assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Only one resolver per assembly: someone else chose for this one.
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        s_importNames.Contains(libraryName) ? Load().Handle : IntPtr.Zero;
}
