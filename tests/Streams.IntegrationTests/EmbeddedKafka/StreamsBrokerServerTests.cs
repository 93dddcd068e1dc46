using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace Streams.IntegrationTests.EmbeddedKafka;

/// <summary>Runs the <c>streams-broker</c> command as a child process and talks Kafka to it from this process.</summary>
public sealed partial class StreamsBrokerServerTests : IDisposable
{
    private const string Prefix = "bootstrap.servers=";
    private readonly string _readyFile = Path.Combine(Path.GetTempPath(), $"streams-broker-{Guid.NewGuid():N}.ready");
    private readonly StringBuilder _stderr = new();
    private Process? _process;

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
        }

        _process?.Dispose();
        File.Delete(_readyFile);
    }

    [Fact]
    public async Task Server_announces_its_bootstrap_servers_serves_clients_and_exits_cleanly_on_SIGTERM()
    {
        using var cts = new CancellationTokenSource(KafkaTestClients.Timeout);
        var process = Start("--brokers", "2", "--topic", "flights:4", "--topic", "airports", "--ready-file", _readyFile);

        var firstLine = await process.StandardOutput.ReadLineAsync(cts.Token);
        firstLine.Should().StartWith(Prefix, "the first stdout line announces the cluster; stderr so far: {0}", _stderr);
        var bootstrapServers = firstLine![Prefix.Length..];
        bootstrapServers.Split(',').Should().HaveCount(2);
        (await WaitForFileAsync(_readyFile, cts.Token)).Should().Be(bootstrapServers);

        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build())
        {
            admin.GetMetadata("flights", KafkaTestClients.Timeout).Topics.Single().Partitions.Should().HaveCount(4);
            admin.GetMetadata("airports", KafkaTestClients.Timeout).Topics.Single().Partitions.Should().HaveCount(1);
        }

        using (var producer = new ProducerBuilder<string, string>(KafkaTestClients.Producer(bootstrapServers)).Build())
        {
            KafkaTestClients.WarmUp(producer, "flights");
            KafkaTestClients.ProduceAll(producer, "flights", Enumerable.Range(0, 100).Select(i => new Message<string, string> { Key = $"k{i}", Value = $"v{i}" }));
        }

        using (var consumer = new ConsumerBuilder<string, string>(KafkaTestClients.Consumer(bootstrapServers, "server-test")).Build())
        {
            KafkaTestClients.WarmUp(consumer, "flights");
            consumer.Assign(Enumerable.Range(0, 4).Select(p => new TopicPartitionOffset("flights", p, Offset.Beginning)));
            KafkaTestClients.ConsumeExactly(consumer, 100).Select(r => r.Message.Value)
                .Should().BeEquivalentTo(Enumerable.Range(0, 100).Select(i => $"v{i}"));
        }

        SendSigterm(process);
        await process.WaitForExitAsync(cts.Token);

        process.ExitCode.Should().Be(0, "stderr: {0}", _stderr);
        (await process.StandardOutput.ReadToEndAsync(cts.Token)).Should().BeEmpty("stdout carries only the bootstrap line");
    }

    [Fact]
    public async Task Server_rejects_a_malformed_topic_with_a_nonzero_exit_code()
    {
        using var cts = new CancellationTokenSource(KafkaTestClients.Timeout);
        var process = Start("--topic", "flights:zero");

        await process.WaitForExitAsync(cts.Token);

        process.ExitCode.Should().NotBe(0);
        lock (_stderr)
        {
            _stderr.ToString().Should().Contain("flights:zero");
        }
    }

    private Process Start(params string[] arguments)
    {
        var serverPath = typeof(StreamsBrokerServerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "StreamsBrokerPath").Value!;
        File.Exists(serverPath).Should().BeTrue("the test project builds {0} through its project reference", serverPath);

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(serverPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.Start();
        _process.BeginErrorReadLine();
        return _process;
    }

    private static async Task<string> WaitForFileAsync(string path, CancellationToken cancellationToken)
    {
        // The server writes the file (atomically) right after the stdout line; poll briefly, bounded by the token.
        while (!File.Exists(path))
        {
            await Task.Delay(20, cancellationToken);
        }

        return await File.ReadAllTextAsync(path, cancellationToken);
    }

    private static void SendSigterm(Process process)
    {
        if (OperatingSystem.IsWindows())
        {
            process.Kill();
            return;
        }

        Kill(process.Id, 15).Should().Be(0);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
