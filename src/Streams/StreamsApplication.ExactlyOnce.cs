namespace Streams;

/// <summary>Exactly-once v2 (<see cref="StreamsOptions.ProcessingGuarantee"/>): the process id in each stream thread's <c>transactional.id</c>.</summary>
public sealed partial class StreamsApplication
{
    /// <summary>
    /// This instance's process id, as Kafka Streams' <c>processId</c>: new for every <see cref="StreamsApplication"/>, part of
    /// each stream thread's <c>transactional.id</c> (<c>{applicationId}-{processId}-{threadIndex}</c>) under exactly-once v2.
    /// </summary>
    private readonly Guid _processId = Guid.NewGuid();
}
