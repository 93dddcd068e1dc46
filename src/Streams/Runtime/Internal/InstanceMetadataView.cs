using Streams.Processor;
using Streams.Queries;

namespace Streams.Runtime.Internal;

/// <summary>
/// The instances and task ownership read from the metadata topic (<see cref="InstanceMetadataTopic"/>), applied
/// record by record in offset order. Ownership rule: the latest record (by offset) claiming a task wins; a newer
/// record of an instance replaces its older claims; a tombstone removes the instance; a record of an instance whose
/// sequence is not newer than the one already applied is ignored. An instance that crashed without its tombstone
/// keeps its claims until other instances claim its tasks, and disappears once all its claims are superseded. Not
/// thread-safe: the reader applies records and takes <see cref="Snapshot"/>s under its own lock.
/// </summary>
internal sealed class InstanceMetadataView
{
    private readonly Dictionary<Guid, (InstanceAnnouncement Announcement, long Offset)> _instances = [];

    /// <summary>Applies one record of the topic.</summary>
    /// <param name="offset">The record's offset in partition 0.</param>
    /// <param name="instanceId">The record key.</param>
    /// <param name="announcement">The record value, or null for a tombstone.</param>
    /// <returns>Whether the view changed.</returns>
    public bool Apply(long offset, Guid instanceId, InstanceAnnouncement? announcement)
    {
        if (announcement is null)
        {
            return _instances.Remove(instanceId);
        }

        if (_instances.TryGetValue(instanceId, out var known) && known.Announcement.Sequence >= announcement.Sequence)
        {
            return false;
        }

        _instances[instanceId] = (announcement, offset);
        return true;
    }

    /// <summary>
    /// The current ownership. <paramref name="local"/> (this instance's latest announcement, which may not have been
    /// read back from the topic yet) counts as newer than every record read, unless the view already holds that
    /// announcement or a later one of <paramref name="localId"/>.
    /// </summary>
    /// <param name="localId">This instance's id.</param>
    /// <param name="local">This instance's latest announcement, or null when it announces nothing (no <see cref="StreamsOptions.ApplicationServer"/>, or stopped).</param>
    /// <returns>An immutable snapshot.</returns>
    public MetadataSnapshot Snapshot(Guid localId, InstanceAnnouncement? local)
    {
        var entries = new Dictionary<Guid, (InstanceAnnouncement Announcement, long Offset)>(_instances);
        if (local is not null && (!entries.TryGetValue(localId, out var read) || read.Announcement.Sequence < local.Sequence))
        {
            entries[localId] = (local, long.MaxValue);
        }

        var owners = new Dictionary<TaskId, (Guid Id, long Offset)>();
        foreach (var (id, (announcement, offset)) in entries)
        {
            foreach (var task in announcement.Active)
            {
                if (!owners.TryGetValue(task, out var owner) || owner.Offset < offset)
                {
                    owners[task] = (id, offset);
                }
            }
        }

        var instances = new List<InstanceMetadata>();
        foreach (var (id, (announcement, _)) in entries.OrderBy(e => e.Value.Announcement.Host.ToString(), StringComparer.Ordinal).ThenBy(e => e.Key))
        {
            var owned = announcement.Active.Where(t => owners[t].Id == id).ToHashSet();
            if (announcement.Active.Count == 0 || owned.Count > 0)
            {
                instances.Add(new InstanceMetadata(id, announcement.Host, owned, announcement.Standby));
            }
        }

        var hosts = instances.ToDictionary(i => i.Id, i => i.Host);
        return new MetadataSnapshot(owners.ToDictionary(kv => kv.Key, kv => hosts[kv.Value.Id]), instances);
    }
}

/// <summary>One live instance as the metadata topic shows it.</summary>
/// <param name="Id">Its per-run instance id.</param>
/// <param name="Host">Its endpoint.</param>
/// <param name="Active">The active tasks it owns (claims superseded by later records of other instances removed).</param>
/// <param name="Standby">The standby tasks it announced.</param>
internal sealed record InstanceMetadata(Guid Id, HostInfo Host, IReadOnlySet<TaskId> Active, IReadOnlySet<TaskId> Standby);

/// <summary>An immutable view of the application's instances and of who runs each task.</summary>
/// <param name="ActiveOwners">The endpoint of the instance running each task that has an owner.</param>
/// <param name="Instances">The live instances, ordered by endpoint.</param>
internal sealed record MetadataSnapshot(IReadOnlyDictionary<TaskId, HostInfo> ActiveOwners, IReadOnlyList<InstanceMetadata> Instances)
{
    /// <summary>No instance known.</summary>
    public static MetadataSnapshot Empty { get; } = new(new Dictionary<TaskId, HostInfo>(), []);

    /// <summary>The endpoint of the instance running <paramref name="task"/>, or <see cref="HostInfo.Unavailable"/>.</summary>
    public HostInfo ActiveHost(TaskId task) => ActiveOwners.GetValueOrDefault(task) ?? HostInfo.Unavailable;

    /// <summary>The endpoints of the instances with a standby of <paramref name="task"/>, other than its active host.</summary>
    public IReadOnlySet<HostInfo> StandbyHosts(TaskId task)
    {
        var active = ActiveHost(task);
        return Instances.Where(i => i.Standby.Contains(task) && i.Host != active).Select(i => i.Host).ToHashSet();
    }
}
