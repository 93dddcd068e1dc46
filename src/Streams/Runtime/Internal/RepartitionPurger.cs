using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Streams.Processor.Internal;

namespace Streams.Runtime.Internal;

/// <summary>
/// Deletes the records of repartition topics before the offsets a stream thread committed, as Kafka Streams'
/// <c>TaskManager#maybePurgeCommittedRecords</c>: repartition topics are created with <c>retention.ms=-1</c>, so this
/// purge is what keeps them small. After a commit, when more than <c>StreamsOptions.RepartitionPurgeInterval</c> passed
/// since the last purge and no purge is in flight, one <c>DeleteRecords</c> request is sent for the repartition partitions
/// committed since the last purge; the thread does not wait for it. Failures are logged at debug level and the next purge
/// sends newer offsets. A broker without <c>DeleteRecords</c> (librdkafka's mock cluster answers at once, from its
/// ApiVersions) is logged once (event 3104) and never asked again.
/// </summary>
internal sealed class RepartitionPurger
{
    private readonly IReadOnlySet<string> _topics;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly Func<IReadOnlyList<TopicPartitionOffset>, Task> _deleteRecords;
    private readonly ILogger _logger;
    private readonly Dictionary<TopicPartition, long> _committed = [];
    private DateTimeOffset _lastPurge;
    private volatile bool _unsupported;

    /// <param name="repartitionTopics">The decorated names of the repartition topics the thread consumes.</param>
    /// <param name="interval">The minimum time between purges (exclusive, as Kafka Streams).</param>
    /// <param name="time">The clock; the interval starts at construction.</param>
    /// <param name="deleteRecords">Sends one DeleteRecords request (offset = delete every record before it).</param>
    /// <param name="logger">The logger.</param>
    public RepartitionPurger(
        IReadOnlySet<string> repartitionTopics, TimeSpan interval, TimeProvider time, Func<IReadOnlyList<TopicPartitionOffset>, Task> deleteRecords, ILogger logger)
    {
        _topics = repartitionTopics;
        _interval = interval;
        _time = time;
        _deleteRecords = deleteRecords;
        _logger = logger;
        _lastPurge = time.GetUtcNow();
    }

    /// <summary>The purge sent last, or null; completes when the broker answered (it never throws).</summary>
    public Task? InFlight { get; private set; }

    /// <summary>Whether the broker was found not to support DeleteRecords (then nothing is sent any more).</summary>
    public bool Unsupported => _unsupported;

    /// <summary>The purger of one stream thread: the topology's repartition topics, an AdminClient per request.</summary>
    public static RepartitionPurger For(InternalTopologyBuilder builder, StreamsOptions options, ILogger logger)
    {
        var topics = builder.Subtopologies.SelectMany(s => s.SourceTopics).Where(t => t.Internal).Select(t => t.Decorated(options.ApplicationId)).ToHashSet(StringComparer.Ordinal);
        return new(topics, options.RepartitionPurgeInterval, options.TimeProvider, offsets => DeleteRecordsAsync(options, offsets), logger);
    }

    /// <summary>Called after each successful commit with the committed offsets (the next offset to consume per partition).</summary>
    public void OnCommitted(IEnumerable<TopicPartitionOffset> committed)
    {
        if (_unsupported || _topics.Count == 0)
        {
            return;
        }

        foreach (var tpo in committed.Where(o => _topics.Contains(o.Topic) && o.Offset.Value >= 0))
        {
            _committed[tpo.TopicPartition] = tpo.Offset.Value;
        }

        var now = _time.GetUtcNow();
        if (_committed.Count == 0 || now - _lastPurge <= _interval || InFlight is { IsCompleted: false })
        {
            return;
        }

        _lastPurge = now;
        var request = _committed.Select(kv => new TopicPartitionOffset(kv.Key, new Offset(kv.Value))).ToList();
        _committed.Clear();
        InFlight = PurgeAsync(request);
    }

    private async Task PurgeAsync(IReadOnlyList<TopicPartitionOffset> request)
    {
        try
        {
            await _deleteRecords(request).ConfigureAwait(false);
            Log.RepartitionPurged(_logger, LogFormat.Offsets(request));
        }
        catch (DeleteRecordsException e) when (e.Results.Any(r => AdminApis.IsUnsupported(r.Error)))
        {
            Disable(e.Results.First(r => AdminApis.IsUnsupported(r.Error)).Error.Reason);
        }
        catch (KafkaException e) when (AdminApis.IsUnsupported(e.Error))
        {
            Disable(e.Error.Reason);
        }
        catch (Exception e)
        {
            Log.RepartitionPurgeFailed(_logger, e.Message);
        }
    }

    private void Disable(string reason)
    {
        _unsupported = true;
        Log.RepartitionPurgeUnsupported(_logger, reason);
    }

    /// <summary>One request through a short-lived AdminClient (disposed after the answer, off the stream thread).</summary>
    private static Task DeleteRecordsAsync(StreamsOptions options, IReadOnlyList<TopicPartitionOffset> offsets) => options.ThreadRunner.RunBackground(async () =>
    {
        using var admin = options.ClientSupplier.GetAdmin(ClientRequests.Admin(options));
        await admin.DeleteRecordsAsync(offsets, new DeleteRecordsOptions { RequestTimeout = options.InternalTopicCreationTimeout }).ConfigureAwait(false);
    });
}
