using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Dsl;
using Streams.Runtime.Internal;
using Streams.Testing;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// A start against bootstrap servers where no broker answers (a closed port) fails within <see cref="StreamsOptions.StartupTimeout"/>
/// with one sentence naming the servers, and librdkafka's own log goes to the logger factory, not to stderr.
/// </summary>
public sealed class UnreachableBrokerTests : IDisposable
{
    private const string Nowhere = "127.0.0.1:1";
    private readonly string _stateDir = Directory.CreateTempSubdirectory("streams-unreachable-").FullName;
    private readonly CapturingLoggerFactory _log = new();

    public void Dispose()
    {
        _log.Dispose();
        Directory.Delete(_stateDir, recursive: true);
    }

    [Fact]
    public async Task The_start_fails_within_the_startup_timeout_with_one_sentence_naming_the_bootstrap_servers()
    {
        await using var app = new StreamsApplication(Passthrough(), Options());

        var start = () => app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var error = (await start.Should().ThrowAsync<KafkaUnreachableException>()).Which;
        error.Message.Should().StartWith($"Could not reach the Kafka brokers at {Nowhere} within 2 s: no broker answered a metadata request")
            .And.EndWith("Check that the brokers run and that BootstrapServers (bootstrap.servers) and the security settings are right.");
        error.Message.Should().Contain("Connection refused", "the client's first error says why").And.NotContain("after 0ms").And.NotContain("\n");
        (error.BootstrapServers, error.Timeout).Should().Be((Nowhere, TimeSpan.FromSeconds(2)));
        error.InnerException.Should().BeOfType<KafkaException>();
        app.State.Should().Be(StreamsState.Error);
        app.Error.Should().BeSameAs(error);
        _log.Provider.Entries.Should().ContainSingle(e => e.EventId.Id == 1011, "the failed start is logged once, as a start failure")
            .Which.Should().Match<CapturingLoggerProvider.LogEntry>(e => e.Level == LogLevel.Error && e.Exception == null && e.Message.EndsWith(error.Message, StringComparison.Ordinal));
        _log.Provider.Entries.Should().NotContain(e => e.EventId.Id == 1002, "no stream thread ran");
    }

    [Fact]
    public async Task Librdkafka_log_lines_go_to_the_logger_factory_under_Streams_Librdkafka()
    {
        await using var app = new StreamsApplication(Passthrough(), Options());

        var start = () => app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await start.Should().ThrowAsync<KafkaUnreachableException>();

        var librdkafka = _log.Provider.Entries.Where(e => e.Category == ClientLog.Category).ToList();
        librdkafka.Should().Contain(e => e.EventId.Id == 3004 && e.Level == LogLevel.Error && e.Message.Contains(Nowhere, StringComparison.Ordinal),
            "librdkafka logs the refused connection (syslog level 3, FAIL) and the handler maps it to Error");
        librdkafka.Should().OnlyContain(e => e.Message.StartsWith("librdkafka ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused (after 0ms in state CONNECT)", "Connect to ipv4#127.0.0.1:1 failed: Connection refused")]
    [InlineData("kafka:9092/1: Connect to ipv4#10.0.0.1:9092 failed: Connection refused (after 3ms in state CONNECT, 2 identical error(s) suppressed)", "Connect to ipv4#10.0.0.1:9092 failed: Connection refused")]
    [InlineData("Local: Broker transport failure", "Local: Broker transport failure")]
    public void Client_error_reasons_are_shortened_for_the_sentence(string reason, string expected) =>
        KafkaUnreachableException.ShortReason(reason).Should().Be(expected);

    [Theory]
    [InlineData(SyslogLevel.Emergency, LogLevel.Error)]
    [InlineData(SyslogLevel.Error, LogLevel.Error)]
    [InlineData(SyslogLevel.Warning, LogLevel.Warning)]
    [InlineData(SyslogLevel.Notice, LogLevel.Information)]
    [InlineData(SyslogLevel.Info, LogLevel.Information)]
    [InlineData(SyslogLevel.Debug, LogLevel.Debug)]
    public void Syslog_levels_map_to_logger_levels(SyslogLevel syslog, LogLevel expected) => ClientLog.Level(syslog).Should().Be(expected);

    [Fact]
    public void A_startup_timeout_below_1_ms_is_refused()
    {
        var options = Options();
        options.StartupTimeout = TimeSpan.Zero;

        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithMessage("StartupTimeout*").Which.ParamName.Should().Be("StartupTimeout");
    }

    private StreamsOptions Options() => new()
    {
        ApplicationId = "unreachable",
        BootstrapServers = Nowhere,
        StateDirectory = _stateDir,
        StartupTimeout = TimeSpan.FromSeconds(2),
        LoggerFactory = _log,
    };

    private static Topology Passthrough()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").To("out");
        return builder.Build();
    }
}
