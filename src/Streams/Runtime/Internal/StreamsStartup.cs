using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Processor.Internal;

namespace Streams.Runtime.Internal;

/// <summary>
/// The startup of an instance (<c>StreamsApplication.StartAsync</c>) and the local state it opens for the instance's
/// lifetime: locks the state directory (<see cref="StateDirectory"/>), loads librdkafka, asks the brokers for metadata
/// within <see cref="StreamsOptions.StartupTimeout"/>, creates or checks the internal topics
/// (<see cref="InternalTopicManager"/>) and loads the global stores completely (<see cref="Global"/>). Both stay open
/// until <see cref="Close"/>. Not thread-safe: the application calls it from its start and its cleanup.
/// </summary>
/// <param name="builder">The topology.</param>
/// <param name="options">The application's options.</param>
/// <param name="logger">The application's logger.</param>
internal sealed class StreamsStartup(InternalTopologyBuilder builder, StreamsOptions options, ILogger logger)
{
    /// <summary>The instance's locked state directory, from <see cref="OpenStateDirectory"/> to <see cref="Close"/>; else null.</summary>
    public StateDirectory? StateDirectory { get; private set; }

    /// <summary>The bootstrapped global stores' updater when the topology has global stores, from <see cref="PrepareAsync"/> to <see cref="Close"/>; else null.</summary>
    public GlobalStateUpdater? Global { get; private set; }

    /// <summary>Opens and locks <see cref="StreamsOptions.StateDirectory"/>/<c>{applicationId}</c>.</summary>
    /// <exception cref="StreamsException">The state directory is locked by another instance.</exception>
    public void OpenStateDirectory() => StateDirectory = new StateDirectory(options.StateDirectory, options.ApplicationId);

    /// <summary>
    /// Loads librdkafka, reads the cluster's metadata, creates the internal topics the broker allows (the metadata topic
    /// included, through <paramref name="metadata"/>), then bootstraps the global stores (up to 60 s). Blocking calls:
    /// run it off the caller's thread.
    /// </summary>
    /// <param name="metadata">Learns the partition counts and adds the metadata topic (<see cref="StreamsMetadataState.WithMetadataTopic"/>).</param>
    /// <param name="cancellationToken">Cancels the global stores' bootstrap.</param>
    /// <returns>A task that completes when the instance is ready for its stream threads.</returns>
    /// <exception cref="DllNotFoundException">No build of librdkafka loads on this platform.</exception>
    /// <exception cref="KafkaUnreachableException">No broker answered within <see cref="StreamsOptions.StartupTimeout"/>.</exception>
    /// <exception cref="StreamsException">An internal topic is incompatible, or global stores cannot be loaded.</exception>
    public async Task PrepareAsync(StreamsMetadataState metadata, CancellationToken cancellationToken)
    {
        // Before the first Kafka client: the package's librdkafka for this platform, or one exception naming each build tried.
        LibrdkafkaLoader.Load();
        string? firstClientError = null;
        using (var admin = options.ClientSupplier.GetAdmin(ClientRequests.Admin(options, (_, e) =>
                   {
                       // Kept for the startup failure's message; "1/1 brokers are down" says less than the connect failure before it.
                       if (!e.IsBrokerError && e.Code != ErrorCode.Local_AllBrokersDown)
                       {
                           Interlocked.CompareExchange(ref firstClientError, e.Reason, null);
                       }

                       Log.ClientError(logger, e.Reason, e.IsFatal);
                   })))
        {
            var cluster = ReadStartupMetadata(admin, () => Volatile.Read(ref firstClientError));
            var partitions = cluster.Topics.Where(t => t.Error.Code == ErrorCode.NoError).ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
            var required = InternalTopicManager.RequiredTopics(builder, options.ApplicationId, t => partitions.TryGetValue(t, out var n) ? n : null);
            var specs = InternalTopicSpec.For(builder, options.ApplicationId, metadata.WithMetadataTopic(partitions, required));
            var additionalRetentionMs = (long)options.WindowStoreChangelogAdditionalRetention.TotalMilliseconds;
            await InternalTopicManager.EnsureAsync(admin, specs, additionalRetentionMs, options.InternalTopicCreationTimeout, logger).ConfigureAwait(false);
        }

        if (builder.GlobalStores.Count > 0)
        {
            Global = new GlobalStateUpdater(
                builder, options, StateDirectory!, ClientConfigs.AssignOnlyConsumer(options, $"{options.ApplicationId}-global-consumer"), logger);
            Global.Bootstrap(TimeSpan.FromSeconds(60), cancellationToken);
        }
    }

    /// <summary>Disposes the global stores' updater and unlocks the state directory; idempotent.</summary>
    public void Close()
    {
        Global?.Dispose();
        Global = null;
        StateDirectory?.Dispose();
        StateDirectory = null;
    }

    /// <summary>The first request to the brokers, bounded by <see cref="StreamsOptions.StartupTimeout"/>; no answer is a <see cref="KafkaUnreachableException"/>.</summary>
    private Metadata ReadStartupMetadata(IAdminClient admin, Func<string?> clientError)
    {
        try
        {
            var metadata = admin.GetMetadata(options.StartupTimeout);
            if (metadata.Brokers.Count == 0)
            {
                throw new KafkaUnreachableException(options.BootstrapServers, options.StartupTimeout, "the metadata answer listed no brokers", null);
            }

            return metadata;
        }
        catch (KafkaException e) when (!e.Error.IsBrokerError)
        {
            var failure = clientError() is { } reason
                ? $"no broker answered a metadata request (the client's first error: {KafkaUnreachableException.ShortReason(reason)})"
                : $"no broker answered a metadata request ({e.Error.Reason})";
            throw new KafkaUnreachableException(options.BootstrapServers, options.StartupTimeout, failure, e);
        }
    }
}
