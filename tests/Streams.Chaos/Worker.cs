using System.Runtime.InteropServices;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.RocksDb;

namespace Streams.Chaos;

/// <summary>Settings of one worker process.</summary>
/// <param name="BootstrapServers">The broker.</param>
/// <param name="ApplicationId">The application id (shared by every worker of a run).</param>
/// <param name="StateDirectory">This worker's own state directory (kept across its restarts).</param>
/// <param name="CommitIntervalMs">Commit interval, ms.</param>
/// <param name="Verbose">Log the runtime's information messages to stderr.</param>
/// <param name="Guarantee">The processing guarantee.</param>
/// <param name="Assignment">The task assignment strategy.</param>
internal sealed record WorkerSettings(
    string BootstrapServers, string ApplicationId, string StateDirectory, int CommitIntervalMs, bool Verbose, ProcessingGuarantee Guarantee = ProcessingGuarantee.AtLeastOnce,
    TaskAssignmentStrategy Assignment = TaskAssignmentStrategy.CooperativeSticky);

/// <summary>
/// One instance of the chaos application in its own process: runs <see cref="ChaosTopology"/> until SIGTERM/SIGINT,
/// then stops gracefully (finish the record in hand, flush, commit, leave the group). Writes <c>state=...</c> lines to
/// stdout on every state change so the orchestrator can follow it.
/// </summary>
internal static class Worker
{
    public static async Task<int> RunAsync(WorkerSettings settings, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var loggerFactory = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter(l => l >= (settings.Verbose ? LogLevel.Information : LogLevel.Warning))
            .SetMinimumLevel(LogLevel.Information));
        var options = new StreamsOptions
        {
            ApplicationId = settings.ApplicationId,
            BootstrapServers = settings.BootstrapServers,
            StateDirectory = settings.StateDirectory,
            CommitInterval = TimeSpan.FromMilliseconds(settings.CommitIntervalMs),
            ProcessingGuarantee = settings.Guarantee,
            TaskAssignment = settings.Assignment,
            DslStoreSuppliers = RocksDbDslStoreSuppliers.Instance,
            LoggerFactory = loggerFactory,
            Consumer = new ConsumerConfig { SessionTimeoutMs = ChaosDefaults.SessionTimeoutMs, HeartbeatIntervalMs = 1000 },
        };
        await using var app = new StreamsApplication(ChaosTopology.Build(), options);
        app.StateChanged += (_, change) =>
        {
            Console.Out.WriteLine($"state={change.NewState}");
            Console.Out.Flush();
        };
        try
        {
            await app.RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (StreamsException e)
        {
            await Console.Error.WriteLineAsync($"worker failed: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        var progress = app.Progress;
        Console.Out.WriteLine($"stopped processed={progress.RecordsProcessed} commits={progress.Commits}");
        return 0;
    }
}

/// <summary>Settings every process of a chaos run agrees on.</summary>
internal static class ChaosDefaults
{
    /// <summary>
    /// Consumer session timeout, ms. Low, because the mock cluster completes every membership change only after
    /// session.timeout.ms - 1 s, and a killed member is noticed only once its session expires.
    /// </summary>
    public const int SessionTimeoutMs = 6000;
}
