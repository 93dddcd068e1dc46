using System.Diagnostics;

namespace Streams.Benchmarks.Peer;

/// <summary>
/// The optional warm-up of a side's process (<c>--warmup-records N</c>, the parent's <c>peer --warmup-records</c>), the
/// same on both sides: before the measured pass the process runs the very same code over the first N records with
/// everything of its own (driver: a fresh driver and state directory; broker: an application with its own application
/// id, output topic, changelog topic and state directory, over the warm-up topic the parent filled with the first N
/// flights), discards its results, deletes its state directory and collects garbage; then the measured pass runs
/// exactly as without a warm-up. So the measured figures are steady state (JIT tiering, caches and pools warmed) rather
/// than a cold start. Not timed; the process's peak RSS and total CPU include it.
/// </summary>
public static class PeerWarmup
{
    /// <summary>Suffix of the warm-up's application id, input topic and output topic.</summary>
    public const string Suffix = "-warmup";

    /// <summary>The warm-up's name for an application id or topic.</summary>
    public static string Name(string name) => name + Suffix;

    /// <summary>The warm-up's state directory: a subfolder of the measured pass's, deleted before the measured pass starts.</summary>
    public static string StateDirectory(string stateDirectory) => Path.Combine(stateDirectory, "warmup");

    /// <summary>
    /// The arguments of the warm-up application of a run on the broker (<c>--warmup-records N --warmup-input-topic T</c>):
    /// application id and output topic suffixed <see cref="Suffix"/>, input topic T, N records, state directory
    /// <see cref="StateDirectory"/>; null without a warm-up.
    /// </summary>
    public static PeerSideArgs? RunArgs(PeerSideArgs a) => a.WarmupRecords <= 0
        ? null
        : a.With(
            ("app-id", Name(a["app-id"])), ("input-topic", a["warmup-input-topic"]), ("output-topic", Name(a["output-topic"])),
            ("records", a.WarmupRecords), ("state-dir", StateDirectory(a["state-dir"])), ("warmup-records", 0));

    /// <summary>
    /// Runs <paramref name="warmup"/> (a run on the broker, or a driver pass) when <paramref name="a"/> asks for a
    /// warm-up, then <see cref="Finish"/>es; returns its wall seconds, 0 without a warm-up.
    /// </summary>
    public static async Task<double> RunAsync(PeerSideArgs a, Func<PeerSideArgs, Task> warmup)
    {
        if (RunArgs(a) is not { } args)
        {
            return 0;
        }

        var sw = Stopwatch.StartNew();
        await warmup(args);
        Finish(args["state-dir"]);
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Runs a driver pass over the first <c>--warmup-records</c> of <paramref name="input"/> in
    /// <see cref="StateDirectory"/>, then <see cref="Finish"/>es; returns its wall seconds, 0 without a warm-up.
    /// </summary>
    public static double Driver<T>(PeerSideArgs a, List<T> input, Action<List<T>, string> pass)
    {
        if (a.WarmupRecords <= 0)
        {
            return 0;
        }

        var sw = Stopwatch.StartNew();
        var stateDirectory = StateDirectory(a["state-dir"]);
        pass(input.GetRange(0, (int)Math.Min(a.WarmupRecords, input.Count)), stateDirectory);
        Finish(stateDirectory);
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>After the warm-up: deletes its state directory and collects its garbage, so the measured pass starts clean.</summary>
    private static void Finish(string stateDirectory)
    {
        try
        {
            if (Directory.Exists(stateDirectory))
            {
                Directory.Delete(stateDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
