using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streams.Processor.Internal;
using Streams.Queries.Internal;

namespace Streams.Runtime.Internal;

/// <summary>
/// The startup of an instance (<c>StreamsApplication.StartAsync</c>, before its stream threads) and what it opens for
/// the instance's lifetime, in order: locks the state directory (<see cref="StateDirectory"/>), loads librdkafka, asks
/// the brokers for metadata within <see cref="StreamsOptions.StartupTimeout"/>, creates or checks the internal topics
/// (<see cref="InternalTopicManager"/>), loads the global stores completely (<see cref="Global"/>) and makes them
/// queryable, starts the instance metadata (<see cref="StreamsMetadataState"/>) and the standby replicas
/// (<see cref="StandbyReplicas"/>). <see cref="Dispose"/> closes all of it, last opened first. Not thread-safe for
/// <see cref="StartAsync"/>: the application calls it once.
/// </summary>
/// <param name="builder">The topology.</param>
/// <param name="options">The application's options.</param>
/// <param name="logger">The application's logger.</param>
/// <param name="stores">The instance's queryable stores: the global stores are registered there, and the registry is closed with the instance.</param>
/// <param name="metadata">The instance metadata: learns the partition counts, adds the metadata topic, starts and stops with the instance.</param>
internal sealed class StreamsStartup(InternalTopologyBuilder builder, StreamsOptions options, ILogger logger, QueryableStoreProvider stores, StreamsMetadataState metadata) : IDisposable
{
    private readonly StandbyReplicas _standby = new(builder, options, logger);

    /// <summary>The instance's locked state directory, from <see cref="StartAsync"/> to <see cref="Dispose"/>; else null.</summary>
    public StateDirectory? StateDirectory { get; private set; }

    /// <summary>The bootstrapped global stores' updater when the topology has global stores, from <see cref="StartAsync"/> to <see cref="Dispose"/>; else null.</summary>
    public GlobalStateUpdater? Global { get; private set; }

    /// <summary>
    /// Opens everything the stream threads need: the state directory (locked), the internal topics, the global stores
    /// (bootstrapped off the caller's thread, up to 60 s, then queryable), the instance metadata and the standby replicas.
    /// On failure what was opened stays open until <see cref="Dispose"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the startup.</param>
    /// <returns>A task that completes when the instance is ready for its stream threads.</returns>
    /// <exception cref="DllNotFoundException">No build of librdkafka loads on this platform.</exception>
    /// <exception cref="KafkaUnreachableException">No broker answered within <see cref="StreamsOptions.StartupTimeout"/>.</exception>
    /// <exception cref="StreamsException">The state directory is locked, an internal topic is incompatible, or global stores cannot be loaded.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        StateDirectory = new StateDirectory(options.StateDirectory, options.ApplicationId);
        await Task.Run(() => PrepareAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        if (Global is { } global)
        {
            stores.RegisterGlobal(global.Context, global.Stores.Values);
        }

        metadata.Start();
        _standby.Start(StateDirectory, metadata.Tracker);
    }

    /// <summary>
    /// Closes what <see cref="StartAsync"/> opened, last opened first (after the stream threads stopped, or after a
    /// failed start): the standby replicas, the instance metadata (its tombstone), the queryable stores, the global
    /// stores, the state directory's lock; idempotent.
    /// </summary>
    public void Dispose()
    {
        _standby.Dispose();
        metadata.Dispose();
        stores.Close();
        Global?.Dispose();
        Global = null;
        StateDirectory?.Dispose();
        StateDirectory = null;
    }

    /// <summary>
    /// Loads librdkafka, reads the cluster's metadata, creates the internal topics the broker allows (the metadata topic
    /// included), then bootstraps the global stores. Blocking calls: run off the caller's thread.
    /// </summary>
    private async Task PrepareAsync(CancellationToken cancellationToken)
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
