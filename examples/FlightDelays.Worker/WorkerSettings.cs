namespace FlightDelays.Worker;

/// <summary>The worker's own settings, section <c>FlightDelays</c> (the streams settings are in <c>Streams</c>).</summary>
public sealed class WorkerSettings
{
    public const string Section = "FlightDelays";

    /// <summary>Flights CSV or CSV.GZ to replay. Default: the shipped first week of January 2001.</summary>
    public string Input { get; set; } = Path.Combine(AppContext.BaseDirectory, "data", "flights-sample.csv.gz");

    /// <summary>Airports CSV loaded into the <c>airports</c> topic when it is empty. Default: the shipped file.</summary>
    public string Airports { get; set; } = Path.Combine(AppContext.BaseDirectory, "data", "airports.csv");

    /// <summary>Replay <see cref="Input"/> into the <c>flights</c> topic (skipping what is already there). Default true.</summary>
    public bool Replay { get; set; } = true;

    /// <summary>Partitions of the topics created on the embedded broker. Default 4.</summary>
    public int Partitions { get; set; } = 4;

    /// <summary>Where <c>/health</c> and the <c>/streams</c> query endpoint are served; also the advertised <c>Streams:ApplicationServer</c> unless that is set. Default <c>http://127.0.0.1:5080</c>.</summary>
    public string HealthUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>How often progress is logged. Default 5 seconds.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>What the topology and the replay report to the progress log.</summary>
public sealed class FlightCounters
{
    private long _malformed;

    /// <summary>Lines the topology sent to the dead-letter topic.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Completes with the number of flights this run replayed (0 when replay is off).</summary>
    public TaskCompletionSource<long> Replay { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Flights already in the topic before this run.</summary>
    public long InTopicBefore { get; set; }

    public void OnMalformed() => Interlocked.Increment(ref _malformed);
}
