using Streams.Processor;

namespace Streams.Runtime.Internal;

/// <summary>
/// Where standby replicas go (<see cref="StreamsOptions.NumStandbyReplicas"/>). Kafka Streams places standbys in its
/// group assignor; librdkafka's assignors cannot be replaced from .NET, so every instance computes the same placement
/// from the same input instead: the live instances and the active tasks each owns, as the metadata topic shows them
/// (<see cref="MetadataSnapshot"/>). The instances are ordered by endpoint (then instance id, only to break ties between
/// misconfigured instances sharing an endpoint), a stable order that survives restarts; the standby hosts of a task are
/// the next <c>replicas</c> instances after its owner in that order, wrapping around and never the owner itself, so
/// fewer when there are fewer other instances. A pure function: each instance acts only on its own part.
/// </summary>
internal static class StandbyPlacement
{
    /// <summary>The standby tasks of every instance.</summary>
    /// <param name="instances">The live instances with the active tasks each owns (disjoint sets), in any order.</param>
    /// <param name="replicas">Standbys per task (0 or more).</param>
    /// <param name="needsStandby">Whether a task has state a standby keeps (a persistent store with its own changelog).</param>
    /// <returns>The standby tasks per instance id; every instance is present, with an empty set when it hosts none.</returns>
    public static IReadOnlyDictionary<Guid, IReadOnlySet<TaskId>> Assign(IReadOnlyList<InstanceMetadata> instances, int replicas, Func<TaskId, bool> needsStandby)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(needsStandby);
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var ordered = instances.OrderBy(i => i.Host.ToString(), StringComparer.Ordinal).ThenBy(i => i.Id).ToList();
        var standbys = ordered.ToDictionary(i => i.Id, _ => new HashSet<TaskId>());
        var hostsPerTask = Math.Min(replicas, ordered.Count - 1);
        for (var owner = 0; owner < ordered.Count; owner++)
        {
            foreach (var task in ordered[owner].Active.Where(needsStandby))
            {
                for (var next = 1; next <= hostsPerTask; next++)
                {
                    standbys[ordered[(owner + next) % ordered.Count].Id].Add(task);
                }
            }
        }

        return standbys.ToDictionary(kv => kv.Key, kv => (IReadOnlySet<TaskId>)kv.Value);
    }
}
