using System.Text;
using Confluent.Kafka;
using Streams.Internal;

namespace Streams.Queries;

/// <summary>
/// Where one key of one store lives, as Kafka Streams' <c>KeyQueryMetadata</c>: the instance running the
/// active task of the key's partition, the instances holding standbys, and the partition.
/// </summary>
/// <param name="ActiveHost">The active instance, or <see cref="HostInfo.Unavailable"/> while no instance owns the partition (e.g. during a rebalance).</param>
/// <param name="StandbyHosts">Instances with a standby replica of the partition (empty without standby replicas).</param>
/// <param name="Partition">The partition the key maps to (the store's source or repartition topic partition), or -1 when unknown.</param>
public sealed record KeyQueryMetadata(HostInfo ActiveHost, IReadOnlySet<HostInfo> StandbyHosts, int Partition);
