using System.Diagnostics;
using System.Globalization;

namespace Streams.Chaos;

/// <summary>What <c>streams-chaos soak</c> runs.</summary>
/// <param name="WorkerDll">examples/FlightDelays.Worker's built FlightDelays.Worker.dll (its appsettings.json beside it).</param>
/// <param name="Idle">How long the worker is watched idle once it reports healthy (the replay of the shipped week ends within seconds).</param>
/// <param name="Load">How long it is then watched under query load.</param>
/// <param name="Concurrency">Concurrent HTTP clients during the load phase.</param>
/// <param name="MaxRss">The bound on peak resident memory, bytes: a higher peak fails the run.</param>
/// <param name="Port">The worker's HTTP port on 127.0.0.1.</param>
/// <param name="WorkDir">State directory and worker log.</param>
internal sealed record SoakSettings(string WorkerDll, TimeSpan Idle, TimeSpan Load, int Concurrency, long MaxRss, int Port, string WorkDir);

/// <summary>The figures of a soak run.</summary>
internal sealed record SoakReport(
    long StartRssBytes, long IdlePeakRssBytes, long IdleEndRssBytes, long LoadPeakRssBytes, long LoadEndRssBytes, long Requests, long FailedRequests, long MaxRss, string? Failure)
{
    public long PeakRssBytes => Math.Max(IdlePeakRssBytes, LoadPeakRssBytes);

    /// <summary>True when the worker stayed up, every request succeeded and the peak stayed under the bound.</summary>
    public bool Held => Failure is null && FailedRequests == 0 && PeakRssBytes <= MaxRss;

    public override string ToString()
    {
        static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0", CultureInfo.InvariantCulture);
        return $"rss_mb start={Mb(StartRssBytes)} idle_peak={Mb(IdlePeakRssBytes)} idle_end={Mb(IdleEndRssBytes)} " +
            $"load_peak={Mb(LoadPeakRssBytes)} load_end={Mb(LoadEndRssBytes)} peak={Mb(PeakRssBytes)} bound={Mb(MaxRss)}\n" +
            $"requests={Requests} failed={FailedRequests}\n" +
            (Failure is null ? string.Empty : $"failure: {Failure}\n") +
            (Held ? "SOAK HELD" : "SOAK FAILED");
    }
}

/// <summary>
/// Runs examples/FlightDelays.Worker (embedded broker, shipped week replayed) as a child process, watches its resident
/// memory once a second while it is idle and then while clients query its <c>/streams</c>, <c>/health</c> and
/// <c>/metrics</c> endpoints, and reports the peaks against a bound (docs/reliability.md, "Hardening").
/// </summary>
internal sealed class SoakRun(SoakSettings settings, TextWriter output)
{
    private static readonly string[] Airports = ["ORD", "ATL", "DFW", "LAX", "DEN", "PHX", "SFO", "BOS", "SEA", "XYZ"];

    public async Task<SoakReport> RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.WorkDir);
        var url = $"http://127.0.0.1:{settings.Port}";
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(settings.WorkerDll))!, // content root: its appsettings.json
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { settings.WorkerDll, "--health-url", url, "--state-dir", Path.Combine(settings.WorkDir, "state"), "--application-id", $"soak-{settings.Port}" })
        {
            info.ArgumentList.Add(arg);
        }

        using var log = new StreamWriter(Path.Combine(settings.WorkDir, "worker.log")) { AutoFlush = true };
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => WriteLog(log, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLog(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
            var start = Rss(process);
            var failure = await WaitHealthyAsync(http, process, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                return new SoakReport(start, Rss(process), 0, 0, 0, 0, 0, settings.MaxRss, failure);
            }

            output.WriteLine($"worker pid {process.Id} healthy at {url}; idle for {settings.Idle.TotalSeconds:0} s");
            var (idlePeak, idleEnd, idleFailure) = await WatchAsync(process, settings.Idle, "idle", cancellationToken).ConfigureAwait(false);
            if (idleFailure is not null)
            {
                return new SoakReport(start, idlePeak, idleEnd, 0, 0, 0, 0, settings.MaxRss, idleFailure);
            }

            output.WriteLine($"query load for {settings.Load.TotalSeconds:0} s, {settings.Concurrency} clients");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var counters = new long[2];
            var clients = Enumerable.Range(0, settings.Concurrency).Select(i => QueryLoopAsync(http, i, counters, stop.Token)).ToArray();
            var (loadPeak, loadEnd, loadFailure) = await WatchAsync(process, settings.Load, "load", cancellationToken).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(clients).ConfigureAwait(false);
            return new SoakReport(start, idlePeak, idleEnd, loadPeak, loadEnd, Interlocked.Read(ref counters[0]), Interlocked.Read(ref counters[1]), settings.MaxRss, loadFailure);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Resident set size of the process, bytes (Linux: VmRSS of /proc/PID/status; elsewhere the runtime's working set).</summary>
    internal static long Rss(Process process)
    {
        var status = $"/proc/{process.Id}/status";
        if (File.Exists(status))
        {
            foreach (var line in File.ReadLines(status))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }

        process.Refresh();
        return process.WorkingSet64;
    }

    private static void WriteLog(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }

    private static async Task<string?> WaitHealthyAsync(HttpClient http, Process process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                return $"the worker exited with {process.ExitCode} before it was healthy";
            }

            try
            {
                using var response = await http.GetAsync("/health", cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return null;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }

        return $"the worker was not healthy within {timeout.TotalSeconds:0} s";
    }

    private async Task<(long Peak, long End, string? Failure)> WatchAsync(Process process, TimeSpan duration, string phase, CancellationToken cancellationToken)
    {
        long peak = 0, rss = 0;
        var watch = Stopwatch.StartNew();
        var nextReport = TimeSpan.Zero;
        while (watch.Elapsed < duration)
        {
            if (process.HasExited)
            {
                return (peak, rss, $"the worker exited with {process.ExitCode} during the {phase} phase");
            }

            rss = Rss(process);
            peak = Math.Max(peak, rss);
            if (watch.Elapsed >= nextReport)
            {
                output.WriteLine($"{phase} t={watch.Elapsed.TotalSeconds:0}s rss_mb={rss / (1024 * 1024)} peak_mb={peak / (1024 * 1024)}");
                nextReport += TimeSpan.FromSeconds(10);
            }

            if (rss > 4 * settings.MaxRss)
            {
                return (peak, rss, $"resident memory {rss / (1024 * 1024)} MB passed four times the bound during the {phase} phase; stopped");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }

        return (peak, rss, null);
    }

    private static async Task QueryLoopAsync(HttpClient http, int client, long[] counters, CancellationToken cancellationToken)
    {
        var paths = new List<string> { "/health", "/metrics", "/streams/topology.mmd", "/streams/instances" };
        var day = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var d = 0; d < 7; d++)
        {
            foreach (var airport in Airports)
            {
                var from = day.AddDays(d);
                paths.Add($"/streams/stores/delay-stats/keys/{airport}/windows?from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(from.AddDays(1).ToString("O", CultureInfo.InvariantCulture))}");
            }
        }

        var i = client;
        while (!cancellationToken.IsCancellationRequested)
        {
            var path = paths[i++ % paths.Count];
            try
            {
                using var response = await http.GetAsync(path, cancellationToken).ConfigureAwait(false);
                _ = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref counters[0]);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref counters[1]);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref counters[0]);
                Interlocked.Increment(ref counters[1]);
            }
        }

    }
}
