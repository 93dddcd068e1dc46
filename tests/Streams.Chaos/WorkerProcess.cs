using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Streams.Chaos;

/// <summary>A worker running as a child process (<c>dotnet streams-chaos.dll worker ...</c>).</summary>
internal sealed partial class WorkerProcess : IDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StreamWriter _log;
    private volatile string _state = "Created";

    private WorkerProcess(int slot, Process process, StreamWriter log)
    {
        Slot = slot;
        _process = process;
        _log = log;
    }

    /// <summary>The worker slot (its state directory is per slot and survives restarts).</summary>
    public int Slot { get; }

    /// <summary>The last state the worker reported.</summary>
    public string State => _state;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(int slot, string workerDll, WorkerSettings settings, string logPath)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            workerDll, "worker",
            "--bootstrap-servers", settings.BootstrapServers,
            "--application-id", settings.ApplicationId,
            "--state-dir", settings.StateDirectory,
            "--commit-interval-ms", settings.CommitIntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--guarantee", settings.Guarantee == ProcessingGuarantee.ExactlyOnceV2 ? "exactly-once" : "at-least-once",
            "--assignment", settings.Assignment == TaskAssignmentStrategy.Range ? "range" : "cooperative-sticky",
        })
        {
            info.ArgumentList.Add(arg);
        }

        if (settings.Verbose)
        {
            info.ArgumentList.Add("--verbose");
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new WorkerProcess(slot, process, log);
        process.OutputDataReceived += (_, e) => worker.OnLine(e.Data, "out");
        process.ErrorDataReceived += (_, e) => worker.OnLine(e.Data, "err");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Kills the process with SIGKILL: no flush, no commit, no group leave.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Sends SIGTERM and waits for a graceful exit.</summary>
    /// <returns>The exit code.</returns>
    /// <exception cref="TimeoutException">The worker did not exit within <paramref name="timeout"/> (it is then killed).</exception>
    public async Task<int> StopGracefullyAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillHard();
            throw new TimeoutException($"Worker {Slot} (pid {_process.Id}) did not stop within {timeout.TotalSeconds:0} s of SIGTERM; killed.");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private void OnLine(string? line, string stream)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("state=", StringComparison.Ordinal))
        {
            _state = line["state=".Length..];
        }

        lock (_log)
        {
            if (_log.BaseStream.CanWrite)
            {
                _log.WriteLine($"[{Slot}:{stream}] {line}");
            }
        }
    }
}
