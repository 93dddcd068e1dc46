using Confluent.Kafka;
using Streams.Processor;

namespace Streams.State;

/// <summary>Why a standby task stopped updating a store, as Kafka Streams' <c>StandbyUpdateListener.SuspendReason</c>.</summary>
public enum StandbyUpdateSuspendReason
{
    /// <summary>The task is no longer a standby on this instance (Kafka's <c>MIGRATED</c>): its placement moved elsewhere, or the instance stops.</summary>
    Migrated,

    /// <summary>The task became active on this instance (Kafka's <c>PROMOTED</c>): the stream thread opens it from the standby's state.</summary>
    Promoted,
}
