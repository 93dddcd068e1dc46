using Microsoft.Extensions.Options;
using Streams;
using Streams.EmbeddedKafka;

namespace FlightDelays.Worker;

/// <summary>
/// Prepares the broker before the streams application starts (hosted services start in registration order):
/// on the embedded broker, creates the topics with their partition counts (it has no CreateTopics API), as
/// <c>FlightDelayJob</c> does; on any broker, loads the airports table when its topic is empty.
/// </summary>
public sealed partial class FlightDataSetup(
    IServiceProvider services,
    Topology topology,
    IOptions<StreamsOptions> streamsOptions,
    IOptions<WorkerSettings> settings,
    FlightCounters counters,
    ILogger<FlightDataSetup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.Run(() => Prepare(), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Prepare()
    {
        var options = streamsOptions.Value;
        var health = settings.Value.HealthUrl.TrimEnd('/') + "/health";
        LogHealth(logger, health);
        var partitions = settings.Value.Partitions;
        if (services.GetService<EmbeddedKafkaCluster>() is { } cluster)
        {
            LogEmbedded(logger, EmbeddedKafkaCluster.LibrdkafkaVersion, cluster.BootstrapServers);
            cluster.EnsureTopics(new[]
            {
                (FlightTopology.FlightsTopic, partitions), (FlightTopology.AirportsTopic, 1), (FlightTopology.DeadLetterTopic, partitions),
                (FlightTopology.StatsTopic, partitions), (FlightTopology.SevereTopic, partitions),
            }.Concat(topology.InternalTopics(options.ApplicationId).Select(t => (t, partitions))));
        }
        else
        {
            LogExternal(logger, options.BootstrapServers);
        }

        var timeout = TimeSpan.FromSeconds(30);
        counters.InTopicBefore = Replayer.EndOffsetSum(options.BootstrapServers, FlightTopology.FlightsTopic, timeout, logger);
        if (Replayer.EndOffsetSum(options.BootstrapServers, FlightTopology.AirportsTopic, timeout, logger) == 0)
        {
            var airports = AirportsCsv.Read(settings.Value.Airports);
            Replayer.LoadAirports(options.BootstrapServers, airports, logger);
            LogAirports(logger, airports.Count, FlightTopology.AirportsTopic);
        }
    }

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Health: {Url}")]
    private static partial void LogHealth(ILogger logger, string url);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Broker: embedded (librdkafka {Version} mock cluster) at {BootstrapServers}; set Streams:BootstrapServers (or --bootstrap-servers) to use another.")]
    private static partial void LogEmbedded(ILogger logger, string version, string bootstrapServers);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Broker: {BootstrapServers}.")]
    private static partial void LogExternal(ILogger logger, string bootstrapServers);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Loaded {Count} airports into '{Topic}'.")]
    private static partial void LogAirports(ILogger logger, int count, string topic);
}
