using System.Text;
using Confluent.Kafka;
using Streams.Internal;

namespace Streams.Queries;

/// <summary>
/// What one instance of the application hosts, as Kafka Streams' <c>StreamsMetadata</c>: its advertised
/// endpoint, the stores of the tasks it runs and the source partitions assigned to it.
/// </summary>
/// <param name="HostInfo">The instance's <see cref="StreamsOptions.ApplicationServer"/>.</param>
/// <param name="StateStoreNames">Names of the (non-global) stores its active tasks hold.</param>
/// <param name="TopicPartitions">Source topic partitions of its active tasks.</param>
/// <param name="StandbyStateStoreNames">Names of the stores its standby tasks hold (empty without standby replicas).</param>
/// <param name="StandbyTopicPartitions">Source partitions of its standby tasks (empty without standby replicas).</param>
public sealed record StreamsMetadata(
    HostInfo HostInfo,
    IReadOnlySet<string> StateStoreNames,
    IReadOnlySet<TopicPartition> TopicPartitions,
    IReadOnlySet<string> StandbyStateStoreNames,
    IReadOnlySet<TopicPartition> StandbyTopicPartitions);
