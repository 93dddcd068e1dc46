namespace Streams.Runtime.Internal;

/// <summary>
/// The thread's transactional producer was fenced (<c>ProducerFenced</c>, <c>InvalidProducerEpoch</c>: another producer
/// took its transactional id, or the coordinator aborted its transaction after <c>transaction.timeout.ms</c> and bumped
/// the epoch). Kafka Streams treats this as a <c>TaskMigratedException</c>: the tasks are closed dirty, the thread gets a
/// new producer and rejoins. Here the thread ends (its transaction is aborted, its tasks closed dirty, it leaves the
/// group) and the application replaces it with a thread that has a new producer, whatever the uncaught exception
/// handler (which, as in Kafka, is not asked).
/// </summary>
internal sealed class ProducerFencedException : StreamsException
{
    public ProducerFencedException(string message, Exception innerException) : base(message, innerException) { }

    public ProducerFencedException(string message) : base(message) { }

    public ProducerFencedException() { }

    /// <summary>True for the errors of a fenced producer (not of a fatally failed one).</summary>
    public static bool IsFencing(Confluent.Kafka.Error error) =>
        error.Code is Confluent.Kafka.ErrorCode.ProducerFenced or Confluent.Kafka.ErrorCode.Local_Fenced or Confluent.Kafka.ErrorCode.InvalidProducerEpoch;
}
