using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streams.Hosting.Internal;

namespace Streams.Hosting;

/// <summary>Registers a <see cref="StreamsApplication"/> in a .NET host (Microsoft.Extensions.Hosting).</summary>
public static class StreamsServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="StreamsApplication"/> singleton and a hosted service that runs it for the
    /// lifetime of the host.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Registered: <see cref="StreamsOptions"/> (options pattern, validated on start, see
    /// <see cref="StreamsHostingBuilder"/>); the <see cref="StreamsApplication"/> singleton, created on first
    /// resolution from the topology and the options, with the container's <c>ILoggerFactory</c> and
    /// <see cref="TimeProvider"/>; and a <c>BackgroundService</c> whose <c>ExecuteAsync</c> is
    /// <see cref="StreamsApplication.RunAsync"/>: host start starts the application (it reaches
    /// <see cref="StreamsState.Running"/> once partitions are assigned), host stop stops it gracefully (commit,
    /// leave the group; bounded by <c>HostOptions.ShutdownTimeout</c>).
    /// </para>
    /// <para>
    /// Failure: when the application cannot start or its stream thread fails (state
    /// <see cref="StreamsState.Error"/>), the <see cref="StreamsException"/> propagates out of the hosted
    /// service, so the host's <c>HostOptions.BackgroundServiceExceptionBehavior</c> applies: <c>StopHost</c>
    /// (the default) logs it and stops the host; <c>Ignore</c> keeps the host running with the application
    /// in <see cref="StreamsState.Error"/> (the health check then reports it).
    /// </para>
    /// <para>
    /// One application per service collection; the application runs once (it cannot be restarted within
    /// the same container). Hosted services start in registration order, so services the application needs
    /// at start (e.g. an embedded broker) are registered before this call. Dispose the container
    /// asynchronously (hosts do): the application is <see cref="IAsyncDisposable"/> only.
    /// </para>
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the topology (required) and the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException"><c>AddStreams</c> was already called on <paramref name="services"/>, or <paramref name="configure"/> set no topology.</exception>
    public static IServiceCollection AddStreams(this IServiceCollection services, Action<StreamsHostingBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        if (services.Any(d => d.ServiceType == typeof(StreamsHostingContext)))
        {
            throw new InvalidOperationException("AddStreams was already called on this service collection; it registers one StreamsApplication per host.");
        }

        var context = new StreamsHostingContext();
        services.AddSingleton(context);
        var builder = new StreamsHostingBuilder(services, context);
        configure(builder);
        var topologyFactory = builder.TopologyFactory
            ?? throw new InvalidOperationException("AddStreams needs a topology: call WithTopology on the StreamsHostingBuilder.");

        services.AddOptions<StreamsOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<StreamsOptions>>(new StreamsOptionsValidator(context));
        services.AddSingleton<IPostConfigureOptions<StreamsOptions>>(sp => new StreamsServicesPostConfigure(sp));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<StreamsOptions>>().CurrentValue;
            var topology = topologyFactory(sp) ?? throw new InvalidOperationException("The topology factory given to WithTopology returned null.");
            return new StreamsApplication(topology, options);
        });
        services.AddHostedService<StreamsHostedService>();
        return services;
    }

    /// <summary>
    /// Registers a <see cref="StreamsApplication"/> bound from <paramref name="configuration"/> (e.g.
    /// <c>builder.Configuration.GetSection("Streams")</c>) with the topology from
    /// <paramref name="topologyFactory"/>; the same as <see cref="AddStreams(IServiceCollection, Action{StreamsHostingBuilder})"/>
    /// with <see cref="StreamsHostingBuilder.BindConfiguration(IConfiguration)"/>,
    /// <see cref="StreamsHostingBuilder.WithTopology(Func{IServiceProvider, Topology})"/> and then
    /// <paramref name="configureOptions"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section with the keys documented on <see cref="StreamsHostingBuilder.BindConfiguration(IConfiguration)"/>.</param>
    /// <param name="topologyFactory">Builds the topology when the application is first resolved.</param>
    /// <param name="configureOptions">Optional changes in code, applied after the configuration.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="InvalidOperationException"><c>AddStreams</c> was already called on <paramref name="services"/>.</exception>
    public static IServiceCollection AddStreams(
        this IServiceCollection services,
        IConfiguration configuration,
        Func<IServiceProvider, Topology> topologyFactory,
        Action<StreamsOptions>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(topologyFactory);
        return services.AddStreams(builder =>
        {
            builder.BindConfiguration(configuration).WithTopology(topologyFactory);
            if (configureOptions is not null)
            {
                builder.Configure(configureOptions);
            }
        });
    }
}
