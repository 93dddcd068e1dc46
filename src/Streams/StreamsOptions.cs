using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Streams.Errors;
using Streams.State;

namespace Streams;

/// <summary>
/// Settings of a <see cref="StreamsApplication"/>: only the streaming settings are defined here, as
/// Kafka Streams' <c>StreamsConfig</c>; Kafka client settings are Confluent's own
/// <see cref="ConsumerConfig"/>, <see cref="ProducerConfig"/> and <see cref="AdminClientConfig"/>, composed
/// in. The runtime overrides the client settings it owns (group id, auto commit, assignment strategy,
/// partitioner) and says so in each property's remarks.
/// </summary>
public sealed class StreamsOptions
{
    private TimeSpan? _commitInterval;

    /// <summary>
    /// The application id (<c>application.id</c>): the consumer group id, the prefix of internal topics and
    /// the state directory subfolder. Required; letters, digits, '.', '_' and '-'.
    /// </summary>
    public string ApplicationId { get; set; } = string.Empty;

    /// <summary>Kafka bootstrap servers (<c>bootstrap.servers</c>), applied to every client. Required.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>
    /// Root of local state (<c>state.dir</c>): stores live under <c>{StateDirectory}/{ApplicationId}/{taskId}</c>.
    /// Default: <c>{temp}/streams</c>.
    /// </summary>
    public string StateDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "streams");

    /// <summary>
    /// How often stores and the producer are flushed and input offsets committed (<c>commit.interval.ms</c>).
    /// Default, as Kafka Streams: 30 seconds under <see cref="ProcessingGuarantee.AtLeastOnce"/>, 100 ms under
    /// <see cref="ProcessingGuarantee.ExactlyOnceV2"/> (each commit ends a transaction, and a reader sees the outputs
    /// only then), unless set explicitly. Minimum 1 ms.
    /// </summary>
    public TimeSpan CommitInterval
    {
        get => _commitInterval ?? (ProcessingGuarantee == ProcessingGuarantee.ExactlyOnceV2 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(30));
        set => _commitInterval = value;
    }

    /// <summary>
    /// Bytes of record cache for the whole instance (<c>statestore.cache.max.bytes</c>), split evenly across the live
    /// stream threads as Kafka Streams does (each thread's caching stores share <c>total / threads</c> bytes; the split is
    /// redone when a thread is added or removed). Default 10 MiB, as Kafka Streams. 0 turns caching off: every update is
    /// forwarded and logged.
    /// </summary>
    public long StateStoreCacheMaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How long one consumer poll waits for records (<c>poll.ms</c>). Default 100 ms.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Records consumed per poll loop iteration before processing them. Default 1,000.</summary>
    public int MaxPollRecords { get; set; } = 1000;

    /// <summary>
    /// How long to wait for internal topic creation through the AdminClient before continuing without it
    /// (for brokers that lack CreateTopics, such as librdkafka's mock cluster). Default 5 seconds.
    /// </summary>
    public TimeSpan InternalTopicCreationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long <see cref="StreamsApplication.StartAsync"/> waits for the first answer of the brokers (a metadata request to
    /// <see cref="BootstrapServers"/>) before it fails with a <see cref="KafkaUnreachableException"/> and the application moves to
    /// <see cref="StreamsState.Error"/>. Default 30 seconds; at least 1 ms. librdkafka retries the connection within this time.
    /// </summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a producer flush at commit may take before the commit fails. Default 60 seconds.</summary>
    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a stream thread that is shutting down waits for its group consumer to close (leave the group) and then to be
    /// disposed, each. Default 30 seconds, as the Java consumer's <c>close()</c> that Kafka Streams calls; at least 1 ms.
    /// </summary>
    /// <remarks>
    /// librdkafka's consumer close waits, without a bound of its own, for a rebalance in progress to finish, and can wait
    /// forever when the group changes under it (several instances stopping at once). When the time runs out the thread
    /// logs a warning (event 2010) and goes on shutting down without the consumer: its tasks are already closed, nothing
    /// past the last commit is committed, and the consumer (left running on a background thread, not disposed) leaves the
    /// group only when the broker's session timeout expires, as after a crash. The stop of the application is then bounded.
    /// </remarks>
    public TimeSpan ConsumerCloseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Consumer settings. <c>group.id</c>, <c>enable.auto.commit</c> (false), <c>auto.offset.reset</c> (earliest unless set) and <c>partition.assignment.strategy</c> (<c>cooperative-sticky</c> or <c>range</c>, after <see cref="TaskAssignment"/>) are set by the runtime; <c>fetch.queue.backoff.ms</c> is 100 unless set (librdkafka's 1000 ms idles a thread that drains the pre-fetch queue faster than it refills: docs/performance.md, issue 15).</summary>
    public ConsumerConfig Consumer { get; set; } = new();

    /// <summary>Producer settings. <c>partitioner</c> is set to <c>murmur2_random</c> unless given, so keys land where Kafka's Java client puts them.</summary>
    public ProducerConfig Producer { get; set; } = new();

    /// <summary>AdminClient settings, used to create internal topics.</summary>
    public AdminClientConfig Admin { get; set; } = new();

    /// <summary>The store kind for DSL stores without an explicit supplier (<c>dsl.store.suppliers.class</c>). Default in memory; use <c>RocksDbDslStoreSuppliers</c> from Streams.RocksDb for persistent state.</summary>
    public IDslStoreSuppliers DslStoreSuppliers { get; set; } = InMemoryDslStoreSuppliers.Instance;

    /// <summary>What to do with records that fail deserialization. Default <see cref="LogAndFailExceptionHandler"/>.</summary>
    public IDeserializationExceptionHandler DeserializationExceptionHandler { get; set; } = LogAndFailExceptionHandler.Instance;

    /// <summary>
    /// The endpoint this instance advertises for interactive queries (<c>application.server</c>), as
    /// <c>host:port</c>; other instances learn it through the application's metadata and forward queries for keys
    /// this instance owns to it. Default null: the instance takes part in queries locally only.
    /// </summary>
    public string? ApplicationServer { get; set; }

    /// <summary>
    /// What to do when a processor throws while processing a record or punctuating (<c>processing.exception.handler</c>,
    /// KIP-1033). Default <see cref="LogAndFailProcessingExceptionHandler"/>: the stream thread fails and nothing is
    /// committed past the record; <see cref="LogAndContinueProcessingExceptionHandler"/> drops the record at the failing
    /// processor (and writes it to <see cref="DeadLetterQueueTopicName"/> when set).
    /// </summary>
    public IProcessingExceptionHandler ProcessingExceptionHandler { get; set; } = LogAndFailProcessingExceptionHandler.Instance;

    /// <summary>
    /// What to do when a sink record cannot be serialized or sent (<c>production.exception.handler</c>, KIP-210 and
    /// KIP-399). Default <see cref="DefaultProductionExceptionHandler"/>: retriable send errors are retried, anything else
    /// fails the stream thread; <see cref="LogAndContinueProductionExceptionHandler"/> drops the output record instead.
    /// Changelog and dead-letter writes always fail the thread when they cannot be sent.
    /// </summary>
    public IProductionExceptionHandler ProductionExceptionHandler { get; set; } = DefaultProductionExceptionHandler.Instance;

    /// <summary>
    /// The dead-letter topic (<c>errors.dead.letter.queue.topic.name</c>, KIP-1034). When set, the built-in handlers that
    /// continue (<see cref="LogAndContinueExceptionHandler"/>, <see cref="LogAndContinueProcessingExceptionHandler"/>,
    /// <see cref="LogAndContinueProductionExceptionHandler"/>) write the failed record to it with the
    /// <c>__streams.errors.*</c> headers of <see cref="DeadLetterQueue"/>, through the task's producer, so it is acknowledged
    /// before the input offset is committed. The topic must exist (or be auto-created by the broker); the runtime does not
    /// create it. Default null: no dead-letter records.
    /// </summary>
    public string? DeadLetterQueueTopicName { get; set; }

    /// <summary>
    /// Observes every restoration of a state store from its changelog (task stores) or source topic (global stores):
    /// start, each batch written, end or suspension, per changelog partition and store. As Kafka Streams'
    /// <c>KafkaStreams.setGlobalStateRestoreListener</c>. Shared by all threads (it must be thread-safe) and called on
    /// the restoring thread between batches; an exception it throws is logged and the restore goes on (Kafka Streams
    /// fails the thread instead). See <see cref="IStateRestoreListener"/>.
    /// </summary>
    /// <value>Default null: no listener, and no cost beyond one null check per batch.</value>
    public IStateRestoreListener? StateRestoreListener { get; set; }

    /// <summary>
    /// Stream threads this instance starts (<c>num.stream.threads</c>), as Kafka Streams: each thread is its own consumer in
    /// the application's group with its own producer, restore consumer, tasks and record cache, so the group's assignor
    /// spreads the tasks over every thread of every instance. Default 1; minimum 1. Threads can be added and removed while
    /// running (<see cref="StreamsApplication.AddStreamThread"/>, <see cref="StreamsApplication.RemoveStreamThreadAsync"/>);
    /// <see cref="StateStoreCacheMaxBytes"/> is split evenly across the live threads.
    /// </summary>
    public int NumStreamThreads { get; set; } = 1;

    /// <summary>
    /// Added to a window or session store's retention to give its changelog topic's <c>retention.ms</c>, as Kafka Streams'
    /// <c>windowstore.changelog.additional.retention.ms</c>: the changelog (created <c>cleanup.policy=compact,delete</c>) keeps
    /// a window that long after the store dropped it, allowing for clock drift between brokers and instances. An existing
    /// window changelog whose <c>retention.ms</c> is shorter than store retention + this is refused at start. Default 1 day;
    /// not negative.
    /// </summary>
    public TimeSpan WindowStoreChangelogAdditionalRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How often a stream thread deletes, after a commit, the records of its repartition topics before the committed
    /// offsets (AdminClient <c>DeleteRecords</c>), as Kafka Streams' <c>repartition.purge.interval.ms</c>: repartition topics
    /// are created with <c>retention.ms=-1</c> and rely on this purge. A broker without <c>DeleteRecords</c> (the embedded
    /// mock cluster) is detected at the first purge, logged once (event 3104), and not asked again. Default 30 seconds;
    /// at least 1 ms.
    /// </summary>
    public TimeSpan RepartitionPurgeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Standby replicas per task (<c>num.standby.replicas</c>), as Kafka Streams: each task with a persistent store that
    /// has its own changelog is kept warm on this many other instances, which apply its changelogs continuously into a
    /// local copy of the stores, so that an instance taking the task over restores only the changelog tail the standby had
    /// not applied yet. Default 0 (no standbys); not negative. Placement: the standby hosts of a task are the next
    /// instances after its active owner in the order of their <see cref="ApplicationServer"/> endpoints, read from the
    /// application's metadata topic, so every instance that sets a value above 0 needs an <see cref="ApplicationServer"/>.
    /// Unlike Kafka Streams, the group's assignor (librdkafka's, which cannot be replaced from .NET) does not prefer a
    /// standby host when a task moves; in-memory stores are not kept by standbys, and standby stores are not queryable.
    /// See docs/reliability.md, section Standby replicas.
    /// </summary>
    /// <value>Default 0.</value>
    public int NumStandbyReplicas { get; set; }

    /// <summary>
    /// Observes the standby replicas of this instance (Kafka Streams' <c>StandbyUpdateListener</c>, KIP-988, set with
    /// <c>KafkaStreams.setStandbyUpdateListener</c>): per changelog partition and store of each standby task, the start of
    /// its updates, every batch applied, and its suspension when the task becomes active here or stops being a standby
    /// here. Called on the instance's standby updater thread; an exception it throws is logged and the updates go on. See
    /// <see cref="IStandbyUpdateListener"/>.
    /// </summary>
    /// <value>Default null: no listener, and no cost beyond one null check per batch.</value>
    public IStandbyUpdateListener? StandbyUpdateListener { get; set; }

    /// <summary>
    /// The processing guarantee (<c>processing.guarantee</c>), as Kafka Streams. Default
    /// <see cref="ProcessingGuarantee.AtLeastOnce"/>. <see cref="ProcessingGuarantee.ExactlyOnceV2"/> makes each stream
    /// thread's producer transactional (the runtime sets <c>transactional.id</c>, and <c>transaction.timeout.ms</c> to
    /// 10,000 unless <see cref="Producer"/> sets it), sets <c>isolation.level=read_committed</c> on every consumer that
    /// reads what the application produced (main, restore and global consumers), and shortens the default
    /// <see cref="CommitInterval"/> to 100 ms. See docs/reliability.md, section Exactly-once.
    /// </summary>
    public ProcessingGuarantee ProcessingGuarantee { get; set; } = ProcessingGuarantee.AtLeastOnce;

    /// <summary>
    /// How partitions and their tasks are spread over the stream threads of all instances and moved when members come
    /// and go; every member of the application's group must use the same strategy. See <see cref="TaskAssignmentStrategy"/>.
    /// </summary>
    /// <value>Default <see cref="TaskAssignmentStrategy.CooperativeSticky"/>: sticky, incremental, balanced by task count.</value>
    public TaskAssignmentStrategy TaskAssignment { get; set; } = TaskAssignmentStrategy.CooperativeSticky;

    /// <summary>
    /// The consumer group protocol of the stream threads' consumers, as Kafka's consumer setting <c>group.protocol</c>
    /// (KIP-848), with Confluent.Kafka's own <see cref="GroupProtocol"/> enum: <see cref="GroupProtocol.Classic"/> or <see cref="GroupProtocol.Consumer"/>. Set on every consumer that
    /// joins the application's group (the stream threads' main consumers); the assign-only consumers (restore, standby,
    /// global, metadata) join no group. Every instance of the application must use the same value.
    /// <see cref="GroupProtocol.Consumer"/> needs <see cref="TaskAssignment"/> <see cref="TaskAssignmentStrategy.CooperativeSticky"/>
    /// and a broker with KIP-848 (Kafka 4.0+).
    /// </summary>
    /// <value>Default <see cref="GroupProtocol.Classic"/>.</value>
    public GroupProtocol GroupProtocol { get; set; } = GroupProtocol.Classic;

    /// <summary>
    /// Makes every Kafka client the application uses (stream threads' consumers and producers, restore, standby, global
    /// and metadata consumers, admin clients), as Kafka Streams' <c>KafkaClientSupplier</c> passed to the
    /// <c>KafkaStreams</c> constructor. Replace it to wrap or instrument clients, or to run on an in-memory model of Kafka
    /// in tests. See <see cref="IKafkaClientSupplier"/>.
    /// </summary>
    /// <value>Default <see cref="DefaultKafkaClientSupplier.Instance"/>: Confluent.Kafka clients. Null is refused by <see cref="Validate"/>.</value>
    public IKafkaClientSupplier ClientSupplier { get; set; } = DefaultKafkaClientSupplier.Instance;

    /// <summary>The clock for commit intervals and wall-clock punctuation. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Starts and joins the application's background threads (stream threads, metadata reader, standby updater) and runs
    /// its repartition purges. Internal: production keeps <see cref="Internal.OsThreadRunner"/>; Streams.TestDriver's
    /// deterministic scheduler sets its own to decide, under one seed, which thread runs at every Kafka request.
    /// </summary>
    internal Internal.IStreamsThreadRunner ThreadRunner { get; set; } = Internal.OsThreadRunner.Instance;

    /// <summary>The logger factory. Default <see cref="NullLoggerFactory.Instance"/>.</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>
    /// Checks the settings, and creates <see cref="StateDirectory"/> when it is missing (as Kafka Streams' state directory is
    /// created when the application is constructed), so that a folder that cannot be made fails here, before anything
    /// starts, and not at the first task.
    /// </summary>
    /// <exception cref="ArgumentException">A required setting is missing, a value is out of range, or <see cref="StateDirectory"/>
    /// cannot be created or written; the message names the setting, its value and what to change.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ApplicationId) || ApplicationId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            throw new ArgumentException($"ApplicationId '{ApplicationId}' is required and may hold only ASCII letters, digits, '.', '_' and '-'.", nameof(ApplicationId));
        }

        if (ApplicationId is "." or ".." || ApplicationId.Length > 200)
        {
            // It names the state folder {StateDirectory}/{ApplicationId} and prefixes internal topic names (at most 249 characters).
            throw new ArgumentException(
                $"ApplicationId '{ApplicationId}' cannot be used: it names the folder StateDirectory/ApplicationId and prefixes internal topics, so it may not be '.' or '..' or longer than 200 characters.",
                nameof(ApplicationId));
        }

        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            throw new ArgumentException("BootstrapServers is required.", nameof(BootstrapServers));
        }

        if (ClientSupplier is null)
        {
            throw new ArgumentException("ClientSupplier is null; leave it at DefaultKafkaClientSupplier.Instance or set a supplier.", nameof(ClientSupplier));
        }

        if (string.IsNullOrWhiteSpace(StateDirectory))
        {
            throw new ArgumentException("StateDirectory is required.", nameof(StateDirectory));
        }

        EnsureStateDirectory();

        if (CommitInterval < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentException($"CommitInterval is {CommitInterval}; it must be at least 1 ms (Kafka's commit.interval.ms; default 30 s, 100 ms under exactly-once).", nameof(CommitInterval));
        }

        if (PollTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException($"PollTimeout is {PollTimeout}; it must not be negative.", nameof(PollTimeout));
        }

        if (StartupTimeout < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentException($"StartupTimeout is {StartupTimeout}; it must be at least 1 ms (default 30 s).", nameof(StartupTimeout));
        }

        if (ConsumerCloseTimeout < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentException($"ConsumerCloseTimeout is {ConsumerCloseTimeout}; it must be at least 1 ms (default 30 s).", nameof(ConsumerCloseTimeout));
        }

        if (MaxPollRecords < 1)
        {
            throw new ArgumentException($"MaxPollRecords is {MaxPollRecords}; it must be at least 1.", nameof(MaxPollRecords));
        }

        if (StateStoreCacheMaxBytes < 0)
        {
            throw new ArgumentException($"StateStoreCacheMaxBytes is {StateStoreCacheMaxBytes}; it must not be negative (0 turns the record caches off).", nameof(StateStoreCacheMaxBytes));
        }

        if (ApplicationServer is not null)
        {
            _ = Queries.HostInfo.Parse(ApplicationServer);
        }

        if (DeserializationExceptionHandler is null || ProcessingExceptionHandler is null || ProductionExceptionHandler is null)
        {
            throw new ArgumentException("DeserializationExceptionHandler, ProcessingExceptionHandler and ProductionExceptionHandler must not be null.");
        }

        if (DeadLetterQueueTopicName is not null && (DeadLetterQueueTopicName.Length is 0 or > 249 || DeadLetterQueueTopicName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))))
        {
            throw new ArgumentException($"DeadLetterQueueTopicName '{DeadLetterQueueTopicName}' is not a legal topic name: use 1 to 249 ASCII letters, digits, '.', '_' and '-'.", nameof(DeadLetterQueueTopicName));
        }

        if (NumStreamThreads < 1)
        {
            throw new ArgumentException($"NumStreamThreads is {NumStreamThreads}; it must be at least 1.", nameof(NumStreamThreads));
        }

        if (WindowStoreChangelogAdditionalRetention < TimeSpan.Zero)
        {
            throw new ArgumentException($"WindowStoreChangelogAdditionalRetention is {WindowStoreChangelogAdditionalRetention}; it must not be negative.", nameof(WindowStoreChangelogAdditionalRetention));
        }

        if (RepartitionPurgeInterval < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentException($"RepartitionPurgeInterval is {RepartitionPurgeInterval}; it must be at least 1 ms.", nameof(RepartitionPurgeInterval));
        }

        if (NumStandbyReplicas < 0)
        {
            throw new ArgumentException($"NumStandbyReplicas is {NumStandbyReplicas}; it must not be negative.", nameof(NumStandbyReplicas));
        }

        if (NumStandbyReplicas > 0 && ApplicationServer is null)
        {
            throw new ArgumentException(
                $"NumStandbyReplicas is {NumStandbyReplicas}, which needs ApplicationServer: instances place standby replicas from the endpoints and tasks they announce on the application's metadata topic.",
                nameof(ApplicationServer));
        }

        if (!Enum.IsDefined(ProcessingGuarantee))
        {
            throw new ArgumentException($"ProcessingGuarantee {(int)ProcessingGuarantee} is not a ProcessingGuarantee value.", nameof(ProcessingGuarantee));
        }

        if (ProcessingGuarantee == ProcessingGuarantee.ExactlyOnceV2 && (Producer.TransactionalId is not null || Producer.EnableIdempotence == false))
        {
            throw new ArgumentException(
                "Under ExactlyOnceV2 the runtime sets the producer's transactional.id (one per stream thread) and needs idempotence: remove transactional.id and enable.idempotence=false from Producer.",
                nameof(Producer));
        }

        if (!Enum.IsDefined(TaskAssignment))
        {
            throw new ArgumentException($"TaskAssignment {(int)TaskAssignment} is not a TaskAssignmentStrategy; use CooperativeSticky or Range.", nameof(TaskAssignment));
        }

        if (!Enum.IsDefined(GroupProtocol))
        {
            throw new ArgumentException($"GroupProtocol {(int)GroupProtocol} is not a GroupProtocol; use Classic or Consumer.", nameof(GroupProtocol));
        }

        if (GroupProtocol == GroupProtocol.Consumer && TaskAssignment != TaskAssignmentStrategy.CooperativeSticky)
        {
            throw new ArgumentException(
                $"GroupProtocol Consumer (KIP-848) assigns incrementally on the broker and needs TaskAssignment CooperativeSticky; TaskAssignment is {TaskAssignment}.",
                nameof(GroupProtocol));
        }
    }

    private void EnsureStateDirectory()
    {
        string full;
        try
        {
            full = Path.GetFullPath(StateDirectory);
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ArgumentException(
                $"StateDirectory '{StateDirectory}' cannot be used: {e.Message} Set StateDirectory (state.dir) to a folder this process can create and write.",
                nameof(StateDirectory),
                e);
        }
    }
}
