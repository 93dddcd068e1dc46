using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Streams.Errors;
using Streams.State;

namespace Streams.TestDriver;

/// <summary>
/// Settings of a <see cref="TopologyTestDriver"/>: the counterparts of the Kafka Streams configs that
/// Kafka's <c>TopologyTestDriver</c> reads (<c>application.id</c>, <c>state.dir</c>,
/// <c>dsl.store.suppliers.class</c>, <c>default.deserialization.exception.handler</c>) plus the initial
/// mock wall-clock time. Every property has a usable default; the driver validates them when it is created.
/// </summary>
public sealed class TopologyTestDriverOptions
{
    /// <summary>
    /// The application id: the prefix of internal topic names (<c>{applicationId}-{name}-repartition</c>,
    /// <c>{applicationId}-{store}-changelog</c>) and of the task state directories.
    /// </summary>
    /// <value>Default <c>"test-driver"</c>. ASCII letters, digits, '.', '_' and '-' only.</value>
    public string ApplicationId { get; set; } = "test-driver";

    /// <summary>
    /// The state directory; task directories are <c>{StateDirectory}/{ApplicationId}/{taskId}</c> and
    /// <c>.../global</c> for global stores. Only persistent stores write below it.
    /// </summary>
    /// <value>
    /// Default <see langword="null"/>: the driver creates a fresh directory under the system temp path and
    /// deletes it on <see cref="TopologyTestDriver.Dispose"/>. A directory given here is created if needed
    /// and left in place on dispose.
    /// </value>
    public string? StateDirectory { get; set; }

    /// <summary>The bytes stores the DSL uses where <c>Materialized</c> names no supplier.</summary>
    /// <value>Default <see cref="InMemoryDslStoreSuppliers.Instance"/>.</value>
    public IDslStoreSuppliers DslStoreSuppliers { get; set; } = InMemoryDslStoreSuppliers.Instance;

    /// <summary>
    /// Bytes of record cache shared by the caching stores, as <c>StreamsOptions.StateStoreCacheMaxBytes</c>.
    /// Default 10 MiB. The driver commits after every record it processes, as Kafka Streams' driver does, so
    /// caches are flushed each time and every update still reaches the output topics; 0 removes the cache layer.
    /// </summary>
    public long StateStoreCacheMaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// The mock wall-clock time when the driver starts. Tasks read wall-clock time only from the driver's
    /// clock, which moves only through <see cref="TopologyTestDriver.AdvanceWallClockTime"/>.
    /// </summary>
    /// <value>Default <see cref="DateTimeOffset.UnixEpoch"/> (0 ms). Must not be before the epoch.</value>
    public DateTimeOffset InitialWallClockTime { get; set; } = DateTimeOffset.UnixEpoch;

    /// <summary>What happens to an input record whose key or value cannot be deserialized.</summary>
    /// <value>
    /// Default <see cref="LogAndFailExceptionHandler.Instance"/>: the pipe call throws a
    /// <see cref="StreamsException"/> naming the record. <see cref="LogAndContinueExceptionHandler"/> skips it.
    /// </value>
    public IDeserializationExceptionHandler DeserializationExceptionHandler { get; set; } = LogAndFailExceptionHandler.Instance;

    /// <summary>What happens when a processor throws while processing a record or punctuating, as <c>StreamsOptions.ProcessingExceptionHandler</c>.</summary>
    /// <value>
    /// Default <see cref="LogAndFailProcessingExceptionHandler.Instance"/>: the pipe (or <see cref="TopologyTestDriver.AdvanceWallClockTime"/>)
    /// call throws a <see cref="StreamsException"/> naming the processor and record. <see cref="LogAndContinueProcessingExceptionHandler"/>
    /// drops the record at the failing processor.
    /// </value>
    public IProcessingExceptionHandler ProcessingExceptionHandler { get; set; } = LogAndFailProcessingExceptionHandler.Instance;

    /// <summary>
    /// What happens when a sink cannot serialize a record, as <c>StreamsOptions.ProductionExceptionHandler</c> (sends to the
    /// driver's in-memory topics never fail).
    /// </summary>
    /// <value>Default <see cref="DefaultProductionExceptionHandler.Instance"/>: the call throws a <see cref="StreamsException"/>.</value>
    public IProductionExceptionHandler ProductionExceptionHandler { get; set; } = DefaultProductionExceptionHandler.Instance;

    /// <summary>
    /// The dead-letter topic, as <c>StreamsOptions.DeadLetterQueueTopicName</c>: the built-in handlers that continue write the
    /// failed record there; read it with <see cref="TopologyTestDriver.CreateOutputTopic{TKey, TValue}"/> (and
    /// <c>ReadRecord</c> for its <c>__streams.errors.*</c> headers).
    /// </summary>
    /// <value>Default <see langword="null"/>: no dead-letter records.</value>
    public string? DeadLetterQueueTopicName { get; set; }

    /// <summary>The logger factory of the tasks (deserialization handler logs go there).</summary>
    /// <value>Default <see cref="NullLoggerFactory.Instance"/>.</value>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;
}
