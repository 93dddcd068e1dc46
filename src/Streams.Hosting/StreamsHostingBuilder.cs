using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streams.Hosting.Internal;

namespace Streams.Hosting;

/// <summary>
/// Configures the <see cref="StreamsApplication"/> that
/// <see cref="StreamsServiceCollectionExtensions.AddStreams(IServiceCollection, Action{StreamsHostingBuilder})"/>
/// registers: its topology (required) and its <see cref="StreamsOptions"/>, from configuration and from code.
/// </summary>
/// <remarks>
/// Option sources apply in the order of the calls: a <see cref="Configure(Action{StreamsOptions})"/> after
/// <see cref="BindConfiguration(IConfiguration)"/> overrides the bound values, one before it is overridden by
/// them. Afterwards, the container's <c>ILoggerFactory</c>, <see cref="TimeProvider"/> and <see cref="IKafkaClientSupplier"/>
/// (when registered) are used unless <see cref="StreamsOptions.LoggerFactory"/>, <see cref="StreamsOptions.TimeProvider"/>
/// or <see cref="StreamsOptions.ClientSupplier"/> were set.
/// The options are then validated (binding problems and <see cref="StreamsOptions.Validate"/>) with messages
/// naming the configuration keys: at host start, or when the application is first resolved without a host.
/// The options are read once: configuration reloads do not change a running application.
/// </remarks>
public sealed class StreamsHostingBuilder
{
    private readonly StreamsHostingContext _context;

    internal StreamsHostingBuilder(IServiceCollection services, StreamsHostingContext context)
    {
        Services = services;
        _context = context;
    }

    /// <summary>The service collection the application is registered in.</summary>
    public IServiceCollection Services { get; }

    internal Func<IServiceProvider, Topology>? TopologyFactory { get; private set; }

    /// <summary>
    /// Sets the topology, built from the container when the <see cref="StreamsApplication"/> singleton is first
    /// resolved (at host start). Called again, the last factory wins.
    /// </summary>
    /// <param name="topologyFactory">Builds the topology; called once; must not return null.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="topologyFactory"/> is null.</exception>
    public StreamsHostingBuilder WithTopology(Func<IServiceProvider, Topology> topologyFactory)
    {
        ArgumentNullException.ThrowIfNull(topologyFactory);
        TopologyFactory = topologyFactory;
        return this;
    }

    /// <summary>Sets an already built topology. Called again, the last one wins.</summary>
    /// <param name="topology">The topology.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="topology"/> is null.</exception>
    public StreamsHostingBuilder WithTopology(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return WithTopology(_ => topology);
    }

    /// <summary>
    /// Binds the options from a configuration section (e.g. <c>configuration.GetSection("Streams")</c>).
    /// Keys (case-insensitive): <c>ApplicationId</c>, <c>BootstrapServers</c>, <c>StateDirectory</c>, <c>ApplicationServer</c> (strings);
    /// <c>CommitInterval</c>, <c>PollTimeout</c>, <c>InternalTopicCreationTimeout</c>, <c>FlushTimeout</c>, <c>StartupTimeout</c>, <c>ConsumerCloseTimeout</c>,
    /// <c>WindowStoreChangelogAdditionalRetention</c>, <c>RepartitionPurgeInterval</c>
    /// (time spans written <c>[d.]hh:mm:ss[.fffffff]</c>; a plain number is refused because .NET would read it as
    /// days); <c>StateStoreCacheMaxBytes</c> (bytes), <c>MaxPollRecords</c>, <c>NumStreamThreads</c>, <c>NumStandbyReplicas</c>;
    /// <c>TaskAssignment</c> (<c>CooperativeSticky</c> or <c>Range</c>); <c>GroupProtocol</c> (<c>Classic</c> or
    /// <c>Consumer</c>, as Kafka's <c>group.protocol</c>, KIP-848; default <c>Classic</c>);
    /// <c>DeserializationExceptionHandler</c> (<c>LogAndFail</c> or <c>LogAndContinue</c>); <c>ProcessingGuarantee</c>
    /// (<c>AtLeastOnce</c>/<c>at_least_once</c> or <c>ExactlyOnceV2</c>/<c>exactly_once_v2</c>); and the Kafka
    /// client sub-sections <c>Kafka</c> (applied to the consumer, producer and admin client), then
    /// <c>Consumer</c>, <c>Producer</c>, <c>Admin</c> (which override <c>Kafka</c>).
    /// </summary>
    /// <remarks>
    /// A client sub-section holds librdkafka property names (<c>"session.timeout.ms": "6000"</c>), copied into
    /// Confluent's <c>ConsumerConfig</c>, <c>ProducerConfig</c> or <c>AdminClientConfig</c> as strings and checked
    /// by librdkafka when the clients are created (an unknown name fails the start with librdkafka's message).
    /// Nested keys are joined with '.', so <c>Consumer:session:timeout:ms</c> (the environment variable
    /// <c>Streams__Consumer__session__timeout__ms</c>) is <c>session.timeout.ms</c>; names are lower-cased. A
    /// PascalCase key names a property of the Confluent config class instead (<c>SessionTimeoutMs</c>,
    /// <c>AutoOffsetReset</c>). Refused, with an error naming the key: unknown top-level keys, values that do not
    /// parse, <c>bootstrap.servers</c> in a client section (use <c>BootstrapServers</c>), and the properties the
    /// runtime sets itself (consumer <c>group.id</c>, <c>client.id</c>, <c>enable.auto.commit</c>,
    /// <c>enable.auto.offset.store</c>, <c>partition.assignment.strategy</c>; producer <c>client.id</c>, <c>transactional.id</c>).
    /// Errors surface at validation, all at once, as an <see cref="OptionsValidationException"/>.
    /// </remarks>
    /// <param name="configuration">The section holding the keys (or a configuration root).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configuration"/> is null.</exception>
    public StreamsHostingBuilder BindConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _context.SectionPath = configuration is IConfigurationSection section ? section.Path : string.Empty;
        var context = _context;
        Services.AddSingleton<IConfigureOptions<StreamsOptions>>(new ConfigureOptions<StreamsOptions>(
            options => context.AddBindingErrors(options, StreamsConfigurationBinder.Bind(configuration, options))));
        return this;
    }

    /// <summary>
    /// Binds the options from the section at <paramref name="sectionPath"/> (e.g. <c>"Streams"</c>) of the
    /// container's <see cref="IConfiguration"/>, resolved when the options are created; as
    /// <see cref="BindConfiguration(IConfiguration)"/> otherwise.
    /// </summary>
    /// <param name="sectionPath">The section path, ':'-separated.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="sectionPath"/> is null or empty.</exception>
    /// <exception cref="InvalidOperationException">At options creation: no <see cref="IConfiguration"/> is registered.</exception>
    public StreamsHostingBuilder BindConfiguration(string sectionPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(sectionPath);
        _context.SectionPath = sectionPath;
        var context = _context;
        Services.AddSingleton<IConfigureOptions<StreamsOptions>>(sp => new ConfigureOptions<StreamsOptions>(
            options => context.AddBindingErrors(options, StreamsConfigurationBinder.Bind(sp.GetRequiredService<IConfiguration>().GetSection(sectionPath), options))));
        return this;
    }

    /// <summary>Configures the options in code, in order with the other option sources.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is null.</exception>
    public StreamsHostingBuilder Configure(Action<StreamsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddSingleton<IConfigureOptions<StreamsOptions>>(new ConfigureOptions<StreamsOptions>(configure));
        return this;
    }

    /// <summary>
    /// Configures the options in code with access to the container (e.g. to take the bootstrap servers from a
    /// service), in order with the other option sources.
    /// </summary>
    /// <param name="configure">Changes the options; receives the root service provider.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is null.</exception>
    public StreamsHostingBuilder Configure(Action<StreamsOptions, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddSingleton<IConfigureOptions<StreamsOptions>>(sp => new ConfigureOptions<StreamsOptions>(options => configure(options, sp)));
        return this;
    }
}
