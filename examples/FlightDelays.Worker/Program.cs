// The flight-delay topology (examples/FlightDelays) as a .NET worker service: Streams.Hosting runs the
// StreamsApplication for the lifetime of the host, /health reports its state, and, when no broker is
// configured, an embedded broker is started in process and the shipped sample is replayed into it.
//
//   dotnet run --project examples/FlightDelays.Worker
//   dotnet run --project examples/FlightDelays.Worker -- --bootstrap-servers localhost:9092
//   Streams__BootstrapServers=localhost:9092 dotnet run --project examples/FlightDelays.Worker
//
// Queries (Streams.AspNetCore, see docs/http-endpoint.md), on the same URL as /health:
//   curl http://127.0.0.1:5080/streams/topology.mmd
//   curl "http://127.0.0.1:5080/streams/stores/delay-stats/keys/ORD/windows?from=2001-01-07T00:00:00Z&to=2001-01-08T00:00:00Z"
//   curl http://127.0.0.1:5080/metrics
using FlightDelays;
using FlightDelays.Worker;
using Confluent.Kafka;
using Streams;
using Streams.AspNetCore;
using Streams.EmbeddedKafka;
using Streams.Hosting;
using Streams.RocksDb;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--bootstrap-servers"] = "Streams:BootstrapServers",
    ["--application-id"] = "Streams:ApplicationId",
    ["--state-dir"] = "Streams:StateDirectory",
    ["--input"] = "FlightDelays:Input",
    ["--health-url"] = "FlightDelays:HealthUrl",
});

var settings = builder.Configuration.GetSection(WorkerSettings.Section).Get<WorkerSettings>() ?? new WorkerSettings();
builder.Services.Configure<WorkerSettings>(builder.Configuration.GetSection(WorkerSettings.Section));
builder.WebHost.UseUrls(settings.HealthUrl);

var embedded = string.IsNullOrWhiteSpace(builder.Configuration["Streams:BootstrapServers"]);
if (embedded)
{
    // Started when the streams options are first built (at host start, before any hosted service), disposed with the host.
    builder.Services.AddSingleton(_ => EmbeddedKafkaCluster.Start());
}

builder.Services.AddSingleton<FlightCounters>();
builder.Services.AddSingleton(sp => FlightTopology.Build(sp.GetRequiredService<FlightCounters>().OnMalformed));

// Hosted services start in registration order: topics and airports first, then the streams application.
builder.Services.AddHostedService<FlightDataSetup>();
builder.Services.AddStreams(streams => streams
    .Configure(o =>
    {
        o.StateDirectory = Path.Combine(StateDirectoryDefault.Path, "worker");   // per user and checkout, as the main job's
        o.DslStoreSuppliers = RocksDbDslStoreSuppliers.Instance;
    })
    .BindConfiguration(builder.Configuration.GetSection("Streams"))
    .Configure((o, sp) =>
    {
        if (embedded)
        {
            // Validate everything else before anything starts (the embedded broker here, then airports and the HTTP
            // listener): a bad setting fails the host's start with the message naming it.
            o.BootstrapServers = "embedded";
            o.ApplicationServer ??= new Uri(settings.HealthUrl).Authority;
            o.Validate();
            o.BootstrapServers = sp.GetRequiredService<EmbeddedKafkaCluster>().BootstrapServers;
        }

        // Advertise this instance's own URL for interactive queries unless Streams:ApplicationServer says otherwise.
        o.ApplicationServer ??= new Uri(settings.HealthUrl).Authority;
    })
    .WithTopology(sp => sp.GetRequiredService<Topology>()));
builder.Services.AddHostedService<ReplayService>();
builder.Services.AddHostedService<ProgressReporter>();
builder.Services.AddHealthChecks().AddStreamsHealthCheck();
builder.Services.AddStreamsQueries();
builder.Services.AddStreamsMetrics();

var app = builder.Build();
app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });

// /streams/topology(.mmd|.dot), /streams/instances, and an airport's hourly delay windows (keys are origin airport codes).
app.MapStreamsQueries("/streams", q => q
    .WindowStore<string, DelayStats>(FlightTopology.StatsStore, airport => airport.ToUpperInvariant(), Serializers.Utf8, FlightTopology.WindowSize));

// /metrics: the Streams and Streams.RocksDb meters as JSON (no exporter package is available here; see docs/telemetry.md).
app.MapStreamsMetrics("/metrics");

// Under BackgroundServiceExceptionBehavior.StopHost a failed stream thread (or replay) stops the host, but the
// process would still exit 0: report the failure in the exit code, so a supervisor (systemd, Kubernetes) sees it.
var streams = app.Services.GetRequiredService<StreamsApplication>();
var counters = app.Services.GetRequiredService<FlightCounters>();
await app.RunAsync();
var failed = streams.State == StreamsState.Error && streams.Error is not OperationCanceledException; // not a stop during startup
return failed || counters.Replay.Task.IsFaulted ? 1 : 0;
