using System.Globalization;
using System.Runtime.InteropServices;

namespace Streams.EmbeddedKafka.Server;

/// <summary>The parsed command line.</summary>
internal sealed record BrokerOptions(int Brokers, IReadOnlyList<TopicSpec> Topics, FileInfo? ReadyFile);

/// <summary>Starts the cluster, announces it, and keeps it up until cancelled.</summary>
internal static class BrokerCommand
{
    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled or the process gets SIGTERM, SIGINT or SIGQUIT.</summary>
    /// <returns>The exit code: 0 after a requested stop.</returns>
    public static async Task<int> RunAsync(BrokerOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            // Keep the runtime from terminating the process: stop gracefully and exit 0.
            context.Cancel = true;
            stop.Cancel();
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);

        using var cluster = EmbeddedKafkaCluster.Start(options.Brokers);
        foreach (var topic in options.Topics)
        {
            cluster.CreateTopic(topic.Name, topic.Partitions);
        }

        // The contract with a parent process: exactly this line, first, on stdout.
        await stdout.WriteLineAsync($"bootstrap.servers={cluster.BootstrapServers}").ConfigureAwait(false);
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);

        if (options.ReadyFile is { } readyFile)
        {
            WriteAtomically(readyFile, cluster.BootstrapServers);
        }

        await stderr.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"streams-broker: librdkafka {EmbeddedKafkaCluster.LibrdkafkaVersion} mock cluster, {cluster.BrokerCount} broker(s) at {cluster.BootstrapServers}")).ConfigureAwait(false);
        foreach (var topic in options.Topics)
        {
            await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"streams-broker: topic {topic.Name} ({topic.Partitions} partition(s))")).ConfigureAwait(false);
        }

        await stderr.WriteLineAsync(
            "streams-broker: unknown topics are auto-created with 4 partitions; each partition keeps its newest ~5 MiB; " +
            "classic groups join without the initial rebalance delay (0 ms), KIP-848 groups (group.protocol=consumer) are served. " +
            "Stop with Ctrl+C or SIGTERM.").ConfigureAwait(false);
        await stderr.FlushAsync(cancellationToken).ConfigureAwait(false);

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM / Ctrl+C: fall through to dispose the cluster.
        }

        await stderr.WriteLineAsync("streams-broker: stopping").ConfigureAwait(false);
        cluster.Dispose();
        await stderr.WriteLineAsync("streams-broker: stopped").ConfigureAwait(false);
        return 0;
    }

    private static void WriteAtomically(FileInfo file, string content)
    {
        var temp = file.FullName + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, file.FullName, overwrite: true);
    }
}
